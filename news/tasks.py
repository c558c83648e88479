from celery import shared_task

from news import polling

HOST_SPACING_SECONDS = 5


@shared_task(name="news.tasks.enqueue_due_feeds", acks_late=True)
def enqueue_due_feeds() -> int:
    """Beat, every minute: one task per due feed, feeds on the same host spaced out."""
    per_host: dict[str, int] = {}
    due = polling.due_feed_ids()
    for feed_id, host in due:
        slot = per_host.get(host, 0)
        per_host[host] = slot + 1
        poll_feed.apply_async(args=[feed_id], countdown=slot * HOST_SPACING_SECONDS)
    return len(due)


@shared_task(name="news.tasks.poll_feed", acks_late=True, reject_on_worker_lost=True)
def poll_feed(feed_id: int) -> str:
    """Safe to run twice: the claim and the unique constraints see to it."""
    return polling.poll_feed(feed_id=feed_id).status


@shared_task(name="news.tasks.remind_pending_links", acks_late=True)
def remind_pending_links() -> int:
    """Beat: moderators hear once about each link pending longer than allowed."""
    from news.reminders import remind_pending_links as remind

    return remind()


@shared_task(name="news.tasks.notify_urgent", acks_late=True)
def notify_urgent() -> int:
    """Beat, every 5 minutes: urgent headlines whose email the mail server refused
    earlier are tried again (new ones are sent straight after the poll that found them)."""
    return polling.notify_urgent()
