"""Write what needs translating into a language as a PO or XLIFF file."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from translations.exchange.files import FORMATS, export_file


class Command(BaseCommand):
    help = (
        "Export what readers of LANGUAGE get in English (never translated, or translated "
        "from older English) as a PO or XLIFF file for a translator's own tools."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("language", help="A site language, e.g. pl.")
        parser.add_argument("--format", choices=sorted(FORMATS), default="po")
        parser.add_argument("--output", help="The file to write (default: standard output).")

    def handle(self, *args, language: str, format: str, output: str | None, **options) -> None:
        if language not in settings.SITE_LANGUAGES:
            raise CommandError(
                f"{language!r} is not one of the site's languages "
                f"({', '.join(settings.SITE_LANGUAGES)})."
            )
        data = export_file(language, format)
        if output:
            Path(output).write_bytes(data)
            self.stderr.write(f"Wrote {output}.")
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
