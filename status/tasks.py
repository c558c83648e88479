from celery import shared_task

from status import proposal_mail, services


@shared_task(name="status.tasks.warn_if_stale", acks_late=True)
def warn_if_stale() -> int:
    """Beat: email the Editors once per stale period (safe to run as often as beat likes)."""
    return services.notify_if_stale()


@shared_task(name="status.tasks.tell_editors_about_proposal", acks_late=True)
def tell_editors_about_proposal(*, label: str, pk: int, event: str) -> int:
    """The proposer and the other editors hear a proposal was made or decided."""
    return proposal_mail.tell_editors(label=label, pk=pk, event=event)
