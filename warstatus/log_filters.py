"""Filters for the site's logging (LOGGING in settings.py)."""

from __future__ import annotations

import logging


class OneLineWarning(logging.Filter):
    """A refusal anyone can cause (a request for a host not in ALLOWED_HOSTS) as one
    WARNING line: at ERROR with a traceback, each anonymous probe looked like a fault
    of ours and buried the real ones."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info = record.exc_text = None
        return True
