"""axe-core on every public page: zero violations and nothing left for review, in light
and dark, on a narrow phone, a phone and a desktop.

"Every public page" is `visit_every_public_page`: the fixed addresses, the ones made from
the launched site's own records (an incident, a subscriber's links), and the pages a
reader reaches only by sending a form. The 320 px test in test_reader_page walks it too."""

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from explainers.launch import EXPLAINERS
from incidents.models import Incident
from subscriptions import services as subscriptions
from subscriptions.models import Subscriber
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
    "/about/",
    "/incidents/",
    "/incidents/?country=PL&nato=1",
    "/incidents/?category=cyber",  # matches nothing in the launch content
    "/incidents/timeline/",
    "/incidents/map/",
    "/subscribe/confirm/not-a-real-token/",  # what a broken link answers
    "/no-such-page/",
]


def visit_every_public_page(page) -> Iterator[str]:
    """Load every public page in turn, yielding what is on screen once it is loaded."""
    # The fullest launch incident: sources, responses, attributions and a denial.
    incident = Incident.objects.published().order_by("-started_on", "pk").first()
    assert incident is not None, "the launch content has incidents"
    # A subscriber's links, as the emails give them.
    subscriber = Subscriber.objects.create(email="reader@example.org")
    confirm = urlsplit(subscriptions.confirm_link(subscriber)).path
    unsubscribe = urlsplit(subscriptions.unsubscribe_link(subscriber)).path
    for path in (*PAGES, f"/incidents/{incident.pk}/", confirm, unsubscribe):
        page.goto(path)
        yield path
    # The pages only a form leads to: "check your inbox", and the answers to a
    # confirmation and to an unsubscription.
    page.goto("/subscribe/")
    page.fill("#subscribe-email-main", "another.reader@example.org")
    _send(page, "Subscribe")
    yield "/subscribe/ (sent)"
    for path, button in ((confirm, "Yes, email me"), (unsubscribe, "Stop emailing me")):
        page.goto(path)
        _send(page, button)
        yield f"{path} (sent)"


def _send(page, button: str) -> None:
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name=button).click()


VIEWPORTS = {
    "narrow": {"width": 320, "height": 640},
    "phone": {"width": 360, "height": 740},
    "desktop": {"width": 1280, "height": 800},
}
# "incomplete" is what axe could not decide and leaves for a person to review: a page
# that needs no review passes on its own.
OPTIONS = {"resultTypes": ["violations", "incomplete"]}
# axe cannot decide the contrast of a chart's labels (text inside an SVG drawn over
# shapes, or a one-digit tick): it leaves them for review. The chart is one image to
# assistive technology (role="img", with the figures in a table), so no other rule looks
# inside it; _svg_text_contrast measures its labels' contrast instead.
CONTEXT = {"exclude": [["svg[role=img] text"]]}
# WCAG 2 contrast of each label's fill against the first opaque background behind it.
SVG_TEXT_CONTRAST = r"""() => {
  const rgb = c => (c.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => {
    v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const behind = e => {
    for (; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || c[3] === 1) return c;
    }
    return [255, 255, 255];
  };
  return [...document.querySelectorAll('svg[role=img] text')].map(t => {
    const [a, b] = [lum(rgb(getComputedStyle(t).fill)), lum(behind(t))];
    return [t.textContent, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)];
  });
}"""


def _problems(results) -> list[str]:
    found = []
    for kind in ("violations", "incomplete"):
        for rule in results.response[kind]:
            for node in rule["nodes"]:
                messages = [c["message"] for c in node["any"] + node["all"] + node["none"]]
                found.append(f"{kind}: {rule['id']} at {node['target']}: {'; '.join(messages)}")
    return found


def _svg_text_contrast(page) -> tuple[int, list[str]]:
    """How many chart labels were measured, and those below the contrast WCAG asks of
    small text (4.5:1)."""
    labels = page.evaluate(SVG_TEXT_CONTRAST)
    low = [f"contrast {r:.2f}:1 for the chart label {text!r}" for text, r in labels if r < 4.5]
    return len(labels), low


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
    problems, measured = {}, 0
    for path in visit_every_public_page(page):
        found = _problems(axe.run(page, context=CONTEXT, options=OPTIONS))
        labels, low = _svg_text_contrast(page)
        measured += labels
        found += low
        if found:
            problems[path] = found
    context.close()
    assert not problems, "\n\n".join(f"{p}:\n" + "\n".join(r) for p, r in problems.items())
    assert measured, "the timeline's labels were measured"
