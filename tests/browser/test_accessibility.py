"""axe-core on every public page: zero violations, in light and dark themes."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/news/",
    "/explainers/",
    "/explainers/article-5/",
    "/faq/",
    "/changelog/",
    "/status/history/",
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_on_any_public_page(browser, live_server, launched, scheme):
    context = browser.new_context(base_url=live_server.url, color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    axe = Axe()
    problems = {}
    for path in PAGES:
        page.goto(path)
        results = axe.run(page)
        if results.violations_count:
            problems[path] = results.generate_report()
    context.close()
    assert not problems, "\n\n".join(f"{p}:\n{r}" for p, r in problems.items())
