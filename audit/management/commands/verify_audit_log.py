from django.core.management.base import BaseCommand, CommandError

from audit.verification import first_broken_link


class Command(BaseCommand):
    help = "Walk the audit log's hash chain and report the first broken link."

    def handle(self, *args, **options) -> None:
        result = first_broken_link()
        if result.broken is not None:
            raise CommandError(
                f"Audit chain broken at entry {result.broken.pk} "
                f"({result.broken.created_at:%Y-%m-%d %H:%M:%S} UTC, "
                f"{result.broken.summary!r}): {result.reason}. "
                f"{result.checked} entries verified before it."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {result.checked} entries."))
