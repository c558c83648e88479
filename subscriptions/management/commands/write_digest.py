from django.core.management.base import BaseCommand

from subscriptions import delivery, digest, monitoring


class Command(BaseCommand):
    help = (
        "Write the daily digest if DIGEST_TIME has passed and it is not written yet, then "
        "deliver everything due, in this process (what beat does every minute; the "
        "embedded default has no beat)."
    )

    def handle(self, *args, **options) -> None:
        written = digest.write_due_digest()
        if written is None:
            self.stdout.write("No digest due: today's (or the latest) is written already.")
        else:
            self.stdout.write(f"{written}: {written.updates} update(s).")
        attempted = delivery.deliver_due()
        monitoring.settle_and_alert()
        self.stdout.write(f"{attempted['emails']} email(s) and {attempted['posts']} post(s) tried.")
