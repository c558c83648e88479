"""The incidents record in a real browser: an editor records one, readers find it."""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from incidents.models import Incident
from tests.browser.conftest import log_in, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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


def test_an_editor_records_an_incident_and_readers_find_it_everywhere(
    browser, page, live_server, launched
):
    make_staff("Editors", "ed")
    day = (timezone.localdate() - timedelta(days=10)).isoformat()
    log_in(page, "ed")
    page.goto("/admin/incidents/incident/add/")
    page.fill("#id_title", "GPS jamming over the Gulf of Finland")
    page.fill("#id_account", "Pilots reported lost satellite navigation for several hours.")
    page.fill("#id_started_on", day)
    page.select_option("#id_countries", ["EE", "FI"])
    page.select_option("#id_category", "jamming")
    page.select_option("#id_target", "transport")
    page.fill("#id_reason", "Reported by two aviation authorities.")
    with page.expect_navigation():
        page.click("input[name=_continue]")  # stays on the incident, with its tools

    _add_source(page, "Estonian Transport Administration", "Notice to airmen", day)
    _add_source(page, "Finnish Transport Agency", "Navigation warning", day)
    page.get_by_role("link", name="Publish…").click()
    page.fill("#id_reason", "Two authorities confirm it.")
    _save(page, "Publish to the record")
    incident = Incident.objects.get(title="GPS jamming over the Gulf of Finland")
    assert page.url.endswith(f"/incidents/{incident.pk}/")

    page.goto(f"/admin/incidents/incident/{incident.pk}/change/")
    page.get_by_role("link", name="Add an attribution").click()
    page.select_option("#id_by_kind", "government")
    page.fill("#id_by_name", "Estonian government")
    page.select_option("#id_to_state", "RU")
    page.select_option("#id_confidence", "suspected")
    page.fill("#id_stated_on", day)
    page.fill("#id_reason", "The minister said so.")
    _save(page)

    # Readers: a fresh context, no session.
    reader = browser.new_context(base_url=live_server.url)
    view = reader.new_page()
    view.goto(f"/incidents/{incident.pk}/")
    text = view.locator("main").inner_text()
    assert "Suspected by officials to Russia by Estonian government" in text
    assert "Notice to airmen, Estonian Transport Administration" in text
    assert "Navigation warning, Finnish Transport Agency" in text
    view.goto("/changelog/")
    view.get_by_role("link", name="Incident added to the record: GPS jamming").first.click()
    assert view.url.endswith(f"/incidents/{incident.pk}/")
    view.goto("/changelog/")
    assert "Attribution recorded for “GPS jamming over the Gulf of Finland”" in view.content()
    view.goto("/incidents/timeline/")
    month = timezone.localdate() - timedelta(days=10)
    row = view.get_by_role("row", name=month.strftime("%B %Y"))
    assert "GPS/GNSS jamming or spoofing: 1" in row.inner_text()
    view.goto("/incidents/map/")
    assert view.locator("path.map-1 title", has_text="Estonia: 1").count() == 1
    assert view.get_by_role("link", name="1 incident in Finland").count() == 1
    reader.close()


def test_a_reader_without_javascript_filters_the_record_by_country(browser, live_server, launched):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/incidents/")
    page.select_option("#id_country", "PL")
    with page.expect_navigation():
        page.get_by_role("button", name="Show incidents").click()
    assert "country=PL" in page.url
    assert page.locator("h1").inner_text() == "Incidents record: Poland"
    assert page.get_by_role("link", name="More than 20 Russian drones enter Poland's airspace")
    page.select_option("#id_country", "EE")
    with page.expect_navigation():
        page.get_by_role("button", name="Show incidents").click()
    assert "No incidents match these filters." in page.content()
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_on_the_incidents_pages(browser, live_server, launched, scheme):
    incident = Incident.objects.get()
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
