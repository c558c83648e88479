"""Every write to the status app: one transaction each, audit entry included.

verdicts:   record_check, change_verdict, notify_if_stale
indicators: update_indicator, add_indicator
composer:   propose_status_change, compose_status_change, preview_status_change
            (the status composer: one change, one proposal, one announcement)
proposals:  propose_verdict, propose_indicator, approve_proposal, reject_proposal
            (four eyes, VERDICT_FOUR_EYES)
"""

from status.services.composer import (
    compose_status_change,
    preview_status_change,
    propose_status_change,
)
from status.services.indicators import add_indicator, update_indicator
from status.services.proposals import (
    approve_proposal,
    propose_indicator,
    propose_verdict,
    reject_proposal,
)
from status.services.verdicts import NOT_SHOWN, change_verdict, notify_if_stale, record_check

__all__ = [
    "NOT_SHOWN",
    "add_indicator",
    "approve_proposal",
    "change_verdict",
    "compose_status_change",
    "notify_if_stale",
    "propose_indicator",
    "preview_status_change",
    "propose_status_change",
    "propose_verdict",
    "record_check",
    "reject_proposal",
    "update_indicator",
]
