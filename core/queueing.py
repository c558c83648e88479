"""Queue a Celery task from a web request without ever waiting on the broker.

A broker that is down or hung costs at most BROKER_TIMEOUT once, then is skipped for
BROKER_COOL_OFF seconds (a circuit breaker per broker), and never raises: the request
goes on, and whatever sweeps up later (beat) does the work.
"""

from __future__ import annotations

import logging

from celery import current_app

from core.breaker import BreakerOpen, CircuitBreaker

BROKER_TIMEOUT = 0.5
BROKER_COOL_OFF = 10.0
_breakers: dict[str, CircuitBreaker] = {}  # one per broker
logger = logging.getLogger(__name__)


def send_quietly(
    task, *args, expires: float | None = None, countdown: float | None = None, **kwargs
) -> bool:
    """Queue `task` (to run `countdown` seconds from now, if given) if the broker answers
    at once. A broker that is down or hung costs at most BROKER_TIMEOUT once, then
    nothing for a while, and never an error: a web request must not wait on Redis.
    False when not queued."""
    if current_app.conf.task_always_eager:  # no broker (`make run`): run it right here
        task.delay(*args, **kwargs)
        return True
    broker = _breakers.setdefault(
        current_app.conf.broker_write_url, CircuitBreaker(cool_off=BROKER_COOL_OFF)
    )
    try:
        probing = broker.enter()
    except BreakerOpen:
        return False
    try:
        with current_app.connection_for_write(
            transport_options={
                "socket_timeout": BROKER_TIMEOUT,
                "socket_connect_timeout": BROKER_TIMEOUT,
                "max_retries": 0,
            },
            connect_timeout=BROKER_TIMEOUT,
        ) as connection:
            task.apply_async(
                args=args,
                kwargs=kwargs,
                connection=connection,
                retry=False,
                ignore_result=True,
                expires=expires,
                countdown=countdown,
            )
    except Exception as exc:  # whatever the broker does, the request goes on
        broker.failed()
        logger.warning("Could not queue %s (the broker did not answer): %s", task.name, exc)
        return False
    if probing:
        broker.succeeded()
    return True
