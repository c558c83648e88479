"""axe-core on every public page: zero violations and nothing left for review, in light
and dark, on a narrow phone, a phone and a desktop."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from explainers.launch import EXPLAINERS
from tests.browser.conftest import change_the_verdict

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/news/",
    "/explainers/",
    *[f"/explainers/{e['slug']}/" for e in EXPLAINERS],
    "/faq/",
    "/changelog/",
    "/status/history/",
    "/subscribe/",
    "/privacy/",
    "/no-such-page/",
]
VIEWPORTS = {
    "narrow": {"width": 320, "height": 640},
    "phone": {"width": 360, "height": 740},
    "desktop": {"width": 1280, "height": 800},
}
# "incomplete" is what axe could not decide and leaves for a person to review: a page
# that needs no review passes on its own.
OPTIONS = {"resultTypes": ["violations", "incomplete"]}


def _problems(results) -> list[str]:
    found = []
    for kind in ("violations", "incomplete"):
        for rule in results.response[kind]:
            for node in rule["nodes"]:
                messages = [c["message"] for c in node["any"] + node["all"] + node["none"]]
                found.append(f"{kind}: {rule['id']} at {node['target']}: {'; '.join(messages)}")
    return found


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_page_has_an_axe_violation_or_anything_left_for_review(
    browser, live_server, launched, scheme, viewport
):
    # A changed verdict, so the home page shows the story of a change too.
    change_the_verdict(answer="Not formally", reason="Allies invoked Article 4 again.")
    context = browser.new_context(
        base_url=live_server.url,
        color_scheme=scheme,
        viewport=VIEWPORTS[viewport],
        bypass_csp=True,  # axe is injected as a script
    )
    page = context.new_page()
    axe = Axe()
    problems = {}
    for path in PAGES:
        page.goto(path)
        found = _problems(axe.run(page, options=OPTIONS))
        if found:
            problems[path] = found
    context.close()
    assert not problems, "\n\n".join(f"{p}:\n" + "\n".join(r) for p, r in problems.items())
