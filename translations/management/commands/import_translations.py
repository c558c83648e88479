"""Import a translator's PO or XLIFF file, as that translator: the file's translations
become submissions, through the same permissions and four eyes as the admin's form."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from translations.exchange.files import import_file
from translations.forms import MAX_IMPORT_BYTES


class Command(BaseCommand):
    help = (
        "Import translations into LANGUAGE from a PO or XLIFF file exported by "
        "export_translations, as the translator --as names."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("language", help="A site language, e.g. pl.")
        parser.add_argument("file", help="The PO (.po) or XLIFF (.xlf, .xliff) file.")
        parser.add_argument(
            "--as",
            dest="username",
            required=True,
            help="The translator who translated it (their permissions and four eyes apply).",
        )

    def handle(self, *args, language: str, file: str, username: str, **options) -> None:
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user is called {username!r}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file at {file}.")
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise CommandError(f"{file} is larger than {MAX_IMPORT_BYTES // 1024} KB.")
        try:
            report = import_file(
                user=user, language=language, name=path.name, data=path.read_bytes()
            )
        except (ValidationError, PermissionDenied) as refusal:
            words = "; ".join(refusal.messages) if hasattr(refusal, "messages") else str(refusal)
            raise CommandError(f"Nothing was imported: {words}") from None
        for label in report.submitted:
            self.stdout.write(f"{label}: submitted, awaiting a second translator")
        for label in report.published:
            self.stdout.write(f"{label}: published")
        for line in report.saved_not_shown:
            self.stdout.write(line)
        self.stdout.write(
            f"{report.unchanged} unchanged or empty, {report.unfinished} unfinished "
            "(fuzzy or needing review), never imported."
        )
        for problem in report.problems:
            self.stderr.write(problem)
