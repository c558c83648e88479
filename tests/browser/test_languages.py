"""Each language's home page and the Article 5 explainer in a real browser: axe finds
nothing, nothing scrolls sideways at 320 px (long Finnish and Lithuanian words), the
picker works without JavaScript, and English shown for want of a translation is marked
lang="en-GB"."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import change_the_verdict
from tests.browser.test_accessibility import OPTIONS, _problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["pl", "et", "lv", "lt", "fi", "ro", "uk"]
PAGES = ["/{code}/", "/{code}/explainers/article-5/"]
NARROWEST = {"width": 320, "height": 640}


def _check_every_language(browser, live_server) -> dict[str, list[str]]:
    context = browser.new_context(base_url=live_server.url, viewport=NARROWEST, bypass_csp=True)
    page = context.new_page()
    axe = Axe()
    problems = {}
    for code in LANGUAGES:
        for address in (path.format(code=code) for path in PAGES):
            page.goto(address)
            found = _problems(axe.run(page, options=OPTIONS))
            wide = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if wide > 0:
                found.append(f"{wide} px wider than the screen")
            if page.locator("html").get_attribute("lang") != code:
                found.append("the page does not say its language")
            if found:
                problems[address] = found
    context.close()
    return problems


def test_every_languages_home_and_article_5_pages_pass_axe_at_320_px_translated_and_updating(
    browser, live_server, launched
):
    assert _check_every_language(browser, live_server) == {}
    # The English changed: every language shows it in English, with the line.
    change_the_verdict(answer="Not formally", reason="Allies invoked Article 4 again.")
    assert _check_every_language(browser, live_server) == {}


def test_the_picker_leads_to_the_same_page_in_another_language_without_javascript(
    browser, live_server, launched
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/status/history/")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="suomi").click()
    assert page.url.endswith("/fi/status/history/")
    assert page.locator("html").get_attribute("lang") == "fi"
    page.goto("/fi/")
    assert page.locator("#question").inner_text() == "Onko Nato sodassa Venäjän kanssa?"
    change_the_verdict(answer="Not formally", reason="Allies invoked Article 4 again.")
    page.goto("/fi/")
    assert page.locator(".answer").get_attribute("lang") == "en-GB"
    assert page.locator(".answer").inner_text().startswith("Not formally")
    context.close()


def test_an_edited_explainer_section_shows_in_english_marked_as_english(
    browser, live_server, launched
):
    from explainers.models import Explainer
    from explainers.services import save_explainer

    article5 = Explainer.objects.get(slug="article-5")
    heading = next(line for line in article5.body.splitlines() if line.startswith("## "))
    save_explainer(
        user=None,
        explainer=article5,
        expected_version=article5.version,
        body=article5.body.replace(heading, heading + "\n\nA sentence added in English.", 1),
    )
    context = browser.new_context(base_url=live_server.url, viewport=NARROWEST)
    page = context.new_page()
    page.goto("/pl/explainers/article-5/")
    added = page.get_by_text("A sentence added in English.")
    assert added.evaluate("e => e.closest('[lang]').getAttribute('lang')") == "en-GB"
    assert page.locator("html").get_attribute("lang") == "pl"
    context.close()
