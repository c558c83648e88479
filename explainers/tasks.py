from celery import shared_task

from explainers import services


@shared_task(name="explainers.tasks.publish_due", acks_late=True)
def publish_due() -> int:
    """Beat, every minute: announce scheduled pages that went live or expired."""
    return services.publish_due()
