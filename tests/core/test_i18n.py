"""The language comes from the path only: English keeps its addresses and never varies on
Accept-Language; /pl/ is its own page, cached apart and purged by the same keys."""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import translation

from core.catalogues import compile_catalogue
from core.i18n import TRANSLATED, check_site_languages
from status.models import Check, Verdict
from tests.conftest import ROOT
from tests.status.factories import make_verdict

pytestmark = pytest.mark.django_db

LANGUAGES = ["pl", "et", "lv", "lt", "fi", "ro", "uk"]


@pytest.fixture
def verdict() -> Verdict:
    found = make_verdict()
    Check.objects.create(checked_at=found.effective_at, verdict=found)
    return found


def test_the_site_speaks_the_eight_languages_of_the_issue():
    assert [code for code, _ in settings.LANGUAGES] == ["en-gb", *LANGUAGES]
    assert dict(settings.LANGUAGES)["uk"] == "Українська"  # Ukrainian, not the UK


def test_a_language_prefix_activates_that_language(client, verdict):
    for code in LANGUAGES:
        response = client.get(f"/{code}/")
        assert response.status_code == 200
        assert response["Content-Language"] == code
        assert f'<html lang="{code}">' in response.content.decode()
    assert '<html lang="en-GB">' in client.get("/").content.decode()


def test_accept_language_never_changes_a_page(client, verdict):
    plain = client.get("/").content
    asked = client.get("/", HTTP_ACCEPT_LANGUAGE="pl,en;q=0.5")
    assert asked["Content-Language"] == "en-gb"
    assert asked.content == plain
    assert "Czy NATO" not in asked.content.decode()


def test_no_response_says_vary_accept_language(client, verdict):
    for path in ["/", "/pl/", "/api/status.json", "/pl/api/status.json", "/robots.txt", "/nope/"]:
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="fi")
        assert "accept-language" not in response.get("Vary", "").lower(), path


def test_a_requests_language_does_not_leak_into_the_next(client, verdict):
    client.get("/pl/")
    assert translation.get_language() == settings.LANGUAGE_CODE
    assert reverse("status:history") == "/status/history/"
    assert client.get("/")["Content-Language"] == "en-gb"


def test_unknown_and_default_prefixes_are_404(client, verdict):
    for path in ["/en-gb/", "/pl-pl/", "/PL/", "/xx/", "/pl/pl/"]:
        assert client.get(path).status_code == 404, path


def test_machine_files_have_one_address(client):
    assert client.get("/robots.txt").status_code == 200
    assert client.get("/pl/robots.txt").status_code == 404
    assert client.get("/pl/healthz").status_code == 404


def test_unknown_site_language_refuses_to_start():
    with pytest.raises(ImproperlyConfigured, match="xx"):
        check_site_languages(["pl", "xx"], "en-gb")
    with pytest.raises(ImproperlyConfigured):
        check_site_languages(["PL"], "en-gb")
    assert check_site_languages(["sk"], "en-gb") == [("sk", "slovensky")]  # one more: config


def test_every_page_links_every_language_and_x_default(client, verdict):
    page = client.get("/status/history/").content.decode()
    for code in LANGUAGES:
        assert (
            f'<link rel="alternate" hreflang="{code}" href="{settings.SITE_URL}/{code}/status/history/">'
            in page
        )
    assert f'hreflang="x-default" href="{settings.SITE_URL}/status/history/">' in page


def test_the_picker_links_the_same_page_in_each_language_without_javascript(client, verdict):
    page = client.get("/pl/").content.decode()
    assert '<nav aria-label="Język">' in page
    assert '<a href="/" lang="en-GB">English</a>' in page
    assert '<a href="/pl/" lang="pl" aria-current="true">polski</a>' in page
    assert '<a href="/uk/" lang="uk">Українська</a>' in page


def test_made_up_long_addresses_are_not_kept_for_the_language_picker(client, verdict):
    """The picker's paths are kept per address (core.i18n): a flood of long made-up ones
    must not fill each worker with them (a 4,000-character slug that resolves, then
    404s, held some 45 MB in each worker until other addresses pushed them out)."""
    from core.i18n import _translated_paths

    _translated_paths.cache_clear()
    for n in range(3):
        page = client.get(f"/{'x' * 4000}{n}/")
        assert page.status_code == 404
        assert f'hreflang="pl" href="{settings.SITE_URL}/{"x" * 4000}{n}/"' in page.text
    assert _translated_paths.cache_info().currsize == 0
    client.get("/status/history/")
    assert _translated_paths.cache_info().currsize == 1  # a page's own address is kept


def test_pl_is_cached_apart_from_english(client, verdict, django_assert_num_queries):
    client.get("/")
    client.get("/pl/")
    with django_assert_num_queries(0):
        english, polish = client.get("/"), client.get("/pl/")
    assert "Czy NATO jest w stanie wojny z Rosją?" in polish.content.decode()
    assert "Czy NATO" not in english.content.decode()


def test_a_surrogate_key_purge_reaches_the_polish_page(client, verdict):
    english, polish = client.get("/"), client.get("/pl/")
    cached = client.get("/pl/")  # a hit carries the keys too
    # Every content key of the English page is on the Polish one: a purge of "status"
    # reaches both; "translated" is on translated pages only (a translation's approval).
    for response in (polish, cached):
        keys = set(response["Surrogate-Key"].split())
        assert set(english["Surrogate-Key"].split()) | {TRANSLATED} == keys
        assert response["Cache-Tag"] == ",".join(sorted(keys))
    assert TRANSLATED not in english["Surrogate-Key"].split()


# --- the catalogues ------------------------------------------------------------

CATALOGUES = sorted((ROOT / "locale").glob("*/LC_MESSAGES/django.po"))


def test_every_site_language_has_a_catalogue_with_every_msgid_translated():
    assert sorted(p.parent.parent.name for p in CATALOGUES) == sorted(LANGUAGES)
    english = {e.msgid for e in polib.pofile(str(CATALOGUES[0]))}
    for path in CATALOGUES:
        catalogue = polib.pofile(str(path))
        assert {e.msgid for e in catalogue} == english, path
        assert catalogue.percent_translated() == 100, path
        assert not catalogue.fuzzy_entries(), path


def test_every_po_passes_msgfmt_check():
    for path in CATALOGUES:
        proc = subprocess.run(
            ["msgfmt", "--check-format", "--check-domain", "-o", "/dev/null", str(path)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 0, proc.stderr


def test_the_catalogues_hold_every_msgid_the_marked_templates_and_code_use(tmp_path):
    """makemessages over the marked files finds nothing the catalogues lack."""
    # Every public template and every module that marks a reader's words.
    marked = sorted(
        str(path.relative_to(ROOT))
        for path in [*(ROOT / "templates").rglob("*.html"), *ROOT.glob("*/*.py")]
        if "admin" not in path.parts
        and ("gettext" in path.read_text() or "translate" in path.read_text())
        and path.parts[-2] not in ("tests", "bench", "docs")
    )
    for name in marked:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text((ROOT / name).read_text())
    proc = subprocess.run(
        ["xgettext", "--from-code=UTF-8", "-L", "Python", "-o", "code.pot"]
        + [str(tmp_path / n) for n in marked if n.endswith(".py")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    found = {e.msgid for e in polib.pofile(str(tmp_path / "code.pot"))} - {""}
    # Templates as makemessages reads them: templatize, then xgettext as Python.
    from django.utils.translation import template

    for name in marked:
        if name.endswith(".html"):
            python = template.templatize((tmp_path / name).read_text())
            (tmp_path / "t.py").write_text(python)
            out = subprocess.run(
                ["xgettext", "--from-code=UTF-8", "-L", "Python", "-o", "t.pot", "t.py"],
                cwd=tmp_path,
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert out.returncode == 0, out.stderr
            found |= {e.msgid for e in polib.pofile(str(tmp_path / "t.pot"))} - {""}
    catalogue = {e.msgid for e in polib.pofile(str(CATALOGUES[0]))}
    assert found and found <= catalogue, sorted(found - catalogue)


def test_polib_and_msgfmt_compile_the_same_catalogue(tmp_path):
    import gettext

    for path in CATALOGUES:
        copy = tmp_path / path.parent.parent.name / "django.po"
        copy.parent.mkdir()
        copy.write_text(path.read_text())
        ours = compile_catalogue(copy)
        theirs = tmp_path / f"{copy.parent.name}-msgfmt.mo"
        subprocess.run(["msgfmt", "-o", str(theirs), str(copy)], check=True, timeout=60)
        with open(ours, "rb") as a, open(theirs, "rb") as b:
            left, right = gettext.GNUTranslations(a)._catalog, gettext.GNUTranslations(b)._catalog
        left.pop(""), right.pop("")  # the header: the same fields, in another order
        assert left == right, path


def test_a_catalogue_compiles_on_a_machine_without_django_settings(tmp_path):
    folder = tmp_path / "locale" / "pl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text((ROOT / "locale/pl/LC_MESSAGES/django.po").read_text())
    proc = subprocess.run(
        [str(Path(ROOT / ".venv/bin/python")), "-m", "core.catalogues", str(tmp_path / "locale")],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert (folder / "django.mo").stat().st_size > 0
