"""Playwright for Python driving Debian's Chromium against a live server."""

import os

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from tests.factories import PASSWORD, make_user
from tests.prerequisites import chromium_path

CHROMIUM = chromium_path()
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium (.ci/run does)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def launched(transactional_db):
    call_command("load_launch_content", verbosity=0)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def signed_in(browser, live_server):
    """A browser window per person, each signed in as themselves."""
    contexts = []

    def open_as(username: str):
        context = browser.new_context(base_url=live_server.url)
        contexts.append(context)
        page = context.new_page()
        log_in(page, username)
        return page

    yield open_as
    for context in contexts:
        context.close()


def make_staff(role: str, username: str) -> User:
    return make_user(username, role=role)


def log_in(page, username: str) -> None:
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def change_the_verdict(
    *, answer: str, reason: str, state: str = "hybrid_conflict", headline: str = ""
):
    """A verdict change as an editor's save makes it: through the service, so the audit
    entry bumps the content version and the next page load renders afresh."""
    from status import services

    return services.change_verdict(
        user=None,
        state=state,
        answer=answer,
        headline=headline or "Allies are in a hybrid conflict with Russia, short of war.",
        summary="Sabotage and drones continue; no ally has invoked Article 5.",
        reason=reason,
        outlook="A formal invocation of Article 5 would change the answer again.",
    )
