"""The incidents record in a real browser: an editor records one, readers find it."""

import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from incidents.charts import bucket
from incidents.models import Incident
from news.models import CuratedLink, Standing
from tests.browser.conftest import log_in, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POLISH_DRONES = "Russian drones cross into Poland during an attack on Ukraine; some are shot down"
ESTONIAN_JETS = "Three Russian MiG-31 fighter jets enter Estonian airspace for nearly 12 minutes"


def _save(page, label: str = "Save") -> None:
    with page.expect_navigation():
        page.click(f"input[type=submit][value='{label}']")


def _add_source(page, publisher: str, title: str, day: str) -> None:
    page.get_by_role("link", name="Add a source").click()
    page.fill("#id_publisher", publisher)
    page.fill("#id_title", title)
    page.fill("#id_published_on", day)
    page.fill("#id_reason", "A named, dated source.")
    _save(page)
    assert "Added to" in page.content()


def _add_linked_source(page, link: CuratedLink) -> None:
    """A published curated link from a citable outlet: what publishing asks for."""
    page.get_by_role("link", name="Add a source").click()
    page.select_option("#id_link", str(link.pk))
    page.fill("#id_reason", "The ministry's own report.")
    _save(page)
    assert "Added to" in page.content()


def _home_count(view) -> tuple[int, int]:
    """What the home page says the airspace indicator counts (launch content: drones and
    aircraft in NATO countries, `category=airspace_aircraft&category=drone_incursion&nato=1`):
    incidents in the last 90 days, and how many of them are officially attributed."""
    view.goto("/")
    indicator = view.locator("#indicator-airspace-violations")
    words = indicator.get_by_role("link", name="in the last 90 days").inner_text()
    found = re.fullmatch(
        r"(\d+) incidents? in the last 90 days, (\d+) officially attributed to Russia", words
    )
    assert found, words
    return int(found[1]), int(found[2])


def _timeline_segments(view, month: str) -> int:
    """Bar segments for drone incursions drawn in the month's bar of the SVG."""
    view.goto("/incidents/timeline/")
    segment = view.locator("svg rect.cat-drone_incursion title", has_text=f"{month}: ")
    return segment.count()


def _incidents(count: int) -> str:
    return f"{count} incident{'' if count == 1 else 's'}"


def _on_the_map(view, country: str) -> tuple[int, str]:
    """A country's figure on the map and the shade drawn for it."""
    view.goto("/incidents/map/")
    title = view.locator("path > title", has_text=re.compile(rf"^{country}: \d+$"))
    assert title.count() == 1, country
    shade = title.locator("xpath=..").get_attribute("class")
    return int(title.text_content().rsplit(": ", 1)[1]), shade


def _matching(view, query: str) -> int:
    """How many incidents the record's list says match the filters in `query`."""
    view.goto(f"/incidents/?{query}")
    words = view.get_by_role("status").inner_text()
    if words.startswith("No incidents"):
        return 0
    found = re.match(r"(\d+) incidents? match(es)? these filters", words)
    assert found, words
    return int(found[1])


def _axe_clean(view, paths: list[str]) -> None:
    axe = Axe()
    problems = {}
    for path in paths:
        view.goto(path)
        results = axe.run(view)
        if results.violations_count:
            problems[path] = results.generate_report()
    assert not problems, "\n\n".join(f"{p}:\n{r}" for p, r in problems.items())


def test_an_editor_records_an_incident_and_readers_follow_its_history_everywhere(
    browser, page, live_server, launched
):
    make_staff("Editors", "ed")
    started = timezone.localdate() - timedelta(days=10)
    day, month = started.isoformat(), started.strftime("%B %Y")
    title = "Drones cross into Poland and Lithuania"

    # Readers, before: a fresh context, no session, JavaScript off (nothing needs it).
    reader = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    view = reader.new_page()
    total, official = _home_count(view)  # whatever the launch content's dates make them
    drone_bars_before = _timeline_segments(view, month)
    poland, _ = _on_the_map(view, "Poland")  # the launch content's, whatever they are
    lithuania, unshaded = _on_the_map(view, "Lithuania")
    lithuanian_drones = _matching(view, "country=LT&category=drone_incursion")

    log_in(page, "ed")
    page.goto("/admin/incidents/incident/add/")
    page.fill("#id_title", title)
    page.fill("#id_account", "Several military drones crossed the border; two were shot down.")
    page.fill("#id_started_on", day)
    page.select_option("#id_countries", ["PL", "LT"])
    page.select_option("#id_category", "drone_incursion")
    page.select_option("#id_target", "military")
    page.fill("#id_reason", "Reported by both defence ministries.")
    with page.expect_navigation():
        page.click("input[name=_continue]")  # stays on the incident, with its tools

    _add_source(page, "Polish Ministry of National Defence", "Statement on the incursion", day)
    _add_source(page, "Lithuanian Armed Forces", "Airspace report", day)
    # Named and dated sources alone can't be opened: publishing needs a link from a
    # primary source or a reputable outlet (the launch content has some).
    citable = CuratedLink.objects.published().filter(
        outlet__standing__in=[Standing.PRIMARY, Standing.REPUTABLE]
    )
    _add_linked_source(page, citable.order_by("id").first())
    page.get_by_role("link", name="Publish…").click()
    page.fill("#id_reason", "Two ministries confirm it.")
    _save(page, "Publish to the record")
    incident = Incident.objects.get(title=title)
    # Confirmed on the page the editor lands on, with the way to the public page.
    assert page.url.endswith(f"/admin/incidents/incident/{incident.pk}/change/")
    assert f"Published: “{title}”." in page.locator(".messagelist").inner_text()
    page.get_by_role("link", name=f"/incidents/{incident.pk}/").click()
    assert page.url.endswith(f"/incidents/{incident.pk}/")

    # Published: the home page's count, a new bar in the month, Lithuania shaded.
    assert _home_count(view) == (total + 1, official)
    assert _timeline_segments(view, month) == drone_bars_before + 1
    row = view.get_by_role("row", name=month)
    assert "Drone incursion: " in row.inner_text()
    assert _on_the_map(view, "Poland") == (poland + 1, f"map-{bucket(poland + 1)}")
    assert _on_the_map(view, "Lithuania") == (lithuania + 1, f"map-{bucket(lithuania + 1)}")
    assert unshaded != f"map-{bucket(lithuania + 1)}"  # one more, at the launch figure: darker
    in_lithuania = f"{_incidents(lithuania + 1)} in Lithuania"
    assert view.get_by_role("link", name=in_lithuania).count() == 1

    # Later: an official attribution, then a correction.
    page.goto(f"/admin/incidents/incident/{incident.pk}/change/")
    page.get_by_role("link", name="Add an attribution").click()
    page.select_option("#id_by_kind", "government")
    page.fill("#id_by_name", "Poland's government")
    page.select_option("#id_to_state", "RU")
    page.select_option("#id_confidence", "official")
    page.fill("#id_stated_on", timezone.localdate().isoformat())
    page.fill("#id_reason", "The prime minister said so in parliament.")
    _save(page)
    page.goto(f"/admin/incidents/incident/{incident.pk}/change/")
    page.fill("#id_place", "Wyryki")
    page.fill("#id_reason", "The place was missing: the drones came down near Wyryki.")
    _save(page)
    assert incident.corrections.count() == 1

    view.goto(f"/incidents/{incident.pk}/")
    text = view.locator("main").inner_text()
    assert "Officially attributed to Russia by Poland's government" in text
    assert "Statement on the incursion, Polish Ministry of National Defence" in text
    assert "Airspace report, Lithuanian Armed Forces" in text
    assert "Place: Wyryki" in text
    corrections = view.locator(".corrections").inner_text()
    assert "changed: place" in corrections
    assert "The place was missing: the drones came down near Wyryki." in corrections

    view.goto("/changelog/")
    changelog = view.locator("main").inner_text()
    assert f"Incident added to the record: {title}" in changelog
    assert (
        f"Attribution recorded for “{title}”: officially attributed to Russia by Poland's "
        "government" in changelog
    )
    assert f"Correction to an incident: {title}" in changelog
    view.get_by_role("link", name=f"Incident added to the record: {title}").first.click()
    assert view.url.endswith(f"/incidents/{incident.pk}/")
    assert _home_count(view) == (total + 1, official + 1)

    # The home page's link is exactly that list; filtering by country and category
    # without JavaScript finds it too, and only what matches.
    view.goto("/")
    with view.expect_navigation():
        view.locator("#indicator-airspace-violations").get_by_role(
            "link", name="in the last 90 days"
        ).click()
    assert view.get_by_role("link", name=title).count() == 1
    view.goto("/incidents/")
    view.select_option("#id_country", "LT")
    view.select_option("#id_category", "drone_incursion")
    with view.expect_navigation():
        view.get_by_role("button", name="Show incidents").click()
    assert "country=LT" in view.url and "category=drone_incursion" in view.url
    assert view.locator("h1").inner_text() == "Incidents record: Lithuania"
    assert view.get_by_role("link", name=title).count() == 1
    matched = lithuanian_drones + 1
    assert f"{_incidents(matched)} match{'es' if matched == 1 else ''} these filters" in (
        view.content()
    )
    view.select_option("#id_category", "cyber")
    with view.expect_navigation():
        view.get_by_role("button", name="Show incidents").click()
    assert "No incidents match these filters." in view.content()
    reader.close()

    # What readers saw, with JavaScript on as axe needs: no violations.
    checker = browser.new_context(base_url=live_server.url, bypass_csp=True)
    _axe_clean(
        checker.new_page(),
        [
            f"/incidents/{incident.pk}/",
            "/incidents/?country=LT&category=drone_incursion",
            "/changelog/",
            "/",
        ],
    )
    checker.close()


def test_a_reader_without_javascript_filters_the_record_by_country(browser, live_server, launched):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/incidents/")
    page.select_option("#id_country", "PL")
    with page.expect_navigation():
        page.get_by_role("button", name="Show incidents").click()
    assert "country=PL" in page.url
    assert page.locator("h1").inner_text() == "Incidents record: Poland"
    assert page.get_by_role("link", name=POLISH_DRONES).count() == 1
    assert page.get_by_role("link", name=ESTONIAN_JETS).count() == 0
    page.select_option("#id_country", "PT")  # no incident in the launch content
    with page.expect_navigation():
        page.get_by_role("button", name="Show incidents").click()
    assert "No incidents match these filters." in page.content()
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_on_the_incidents_pages(browser, live_server, launched, scheme):
    # The fullest launch incident: sources, responses, attributions and a denial.
    incident = Incident.objects.get(title=POLISH_DRONES)
    context = browser.new_context(base_url=live_server.url, color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    axe = Axe()
    problems = {}
    for path in (
        "/incidents/",
        "/incidents/?country=PL&nato=1",
        "/incidents/?since=2025-06-01&until=2025-01-01",
        f"/incidents/{incident.pk}/",
        "/incidents/timeline/",
        "/incidents/map/",
    ):
        page.goto(path)
        results = axe.run(page)
        if results.violations_count:
            problems[path] = results.generate_report()
    context.close()
    assert not problems, "\n\n".join(f"{p}:\n{r}" for p, r in problems.items())
