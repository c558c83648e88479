from django.core.management.base import BaseCommand, CommandError

from news import polling
from news.models import Feed


class Command(BaseCommand):
    help = "Poll due feeds now, in this process (the embedded default has no worker)."

    def add_arguments(self, parser):
        parser.add_argument("--feed", type=int, help="Poll this feed ID now, due or not.")

    def handle(self, *args, feed: int | None = None, **options) -> None:
        if feed is not None:
            if not Feed.objects.filter(pk=feed).exists():
                raise CommandError(f"No feed with ID {feed}")
            ids = [feed]
            Feed.objects.filter(pk=feed).update(claimed_until=None)
        else:
            ids = [pk for pk, _host in polling.due_feed_ids()]
        for feed_id in ids:
            outcome = polling.poll_feed(feed_id=feed_id)
            detail = outcome.error or f"{outcome.created} new, {outcome.skipped} skipped"
            self.stdout.write(f"feed {feed_id}: {outcome.status} ({detail})")
