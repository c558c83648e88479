"""The same export and import from the command line, for a translator's files sent by
email: the import runs as the named translator, with their permissions and four eyes."""

from __future__ import annotations

from io import StringIO

import polib
import pytest
from django.core.management import CommandError, call_command

from status.translated import VERDICT
from tests.factories import make_user
from tests.status.factories import invoke_article5
from tests.translations.admin_client import translator
from translations.models import Submission, SubmissionStatus

pytestmark = pytest.mark.django_db

POLISH = {
    "answer": "Tak",
    "headline": "Uruchomiono art. 5.",
    "summary": "Rada Północnoatlantycka uruchomiła art. 5.",
    "reason": "Art. 5 uruchomiono dziś.",
}


def _run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_file_exported_and_translated_comes_back_as_a_submission(launched, tmp_path):
    translator("anna")
    verdict = invoke_article5(None)
    exported = tmp_path / "pl.po"
    _run("export_translations", "pl", "--output", str(exported))
    catalogue = polib.pofile(str(exported))
    # The new verdict's fields, beside everything else readers get in English.
    ours = [e for e in catalogue if e.msgctxt.startswith(f"{VERDICT}:{verdict.pk}:")]
    assert {e.msgctxt.split(":")[2] for e in ours} == set(POLISH)
    for entry in ours:
        entry.msgstr = POLISH[entry.msgctxt.split(":")[2]]
    catalogue.save(str(exported))
    out, _ = _run("import_translations", "pl", str(exported), "--as", "anna")
    assert out.splitlines()[0] == f"{VERDICT} {verdict.pk}: submitted, awaiting a second translator"
    submission = Submission.objects.get(
        source_version__kind=VERDICT, source_version__object_id=verdict.pk, language="pl"
    )
    assert submission.status == SubmissionStatus.SUBMITTED and submission.origin == "po"
    # Importing it again changes nothing.
    out, _ = _run("import_translations", "pl", str(exported), "--as", "anna")
    assert out.strip() == (
        f"{len(catalogue)} unchanged or empty, 0 unfinished (fuzzy or needing review), "
        "never imported."
    )
    assert Submission.objects.filter(language="pl", origin="po").count() == 1


def test_xliff_goes_to_standard_output(launched):
    invoke_article5(None)
    out, _ = _run("export_translations", "fi", "--format", "xliff")
    assert out.startswith("<?xml version='1.0' encoding='utf-8'?>")
    assert 'target-language="fi"' in out and ">Article 5 invoked.</source>" in out


def test_the_commands_refuse_in_words(launched, tmp_path):
    make_user("editor", role="Editors")
    translator("eve", "et")
    exported = tmp_path / "pl.xlf"
    _run("export_translations", "pl", "--format", "xliff", "--output", str(exported))
    with pytest.raises(CommandError, match="'en' is not one of the site's languages"):
        _run("export_translations", "en")
    with pytest.raises(CommandError, match="No active user is called 'nobody'"):
        _run("import_translations", "pl", str(exported), "--as", "nobody")
    with pytest.raises(CommandError, match="permission to import translations into pl"):
        _run("import_translations", "pl", str(exported), "--as", "editor")
    with pytest.raises(CommandError, match="permission to import translations into pl"):
        _run("import_translations", "pl", str(exported), "--as", "eve")
    with pytest.raises(CommandError, match="for the language 'pl', not 'et'"):
        _run("import_translations", "et", str(exported), "--as", "eve")
    with pytest.raises(CommandError, match="No file at"):
        _run("import_translations", "pl", str(tmp_path / "missing.po"), "--as", "eve")
