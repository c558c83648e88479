"""`manage.py audit_sign [--every SECONDS]`: the signer. Signs the chain's head with the
Ed25519 key in AUDIT_SIGNING_KEY_FILE once the chain up to it verifies, and stores the
checkpoint /api/audit/checkpoint.json serves (audit.services.sign_checkpoint).

Compose runs it as the `signer` service, the only one given the key file. Once, it
exits non-zero when it refuses; with --every, it logs the refusal and tries again.
"""

import logging
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections

from audit import services, signing

logger = logging.getLogger("audit.signer")


class Command(BaseCommand):
    help = "Sign the audit chain's head (once, or every --every seconds)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--every", type=float, metavar="SECONDS", help="keep signing")

    def handle(self, *args, every: float | None = None, **options) -> None:
        private_key = signing.load_private_key()  # refuses at start, naming the variable
        if every is None:
            self._round(private_key, fail=True)
            return
        if every <= 0:
            raise CommandError("--every takes a number of seconds above 0.")
        while True:
            close_old_connections()  # a connection the database dropped is not reused
            self._round(private_key, fail=False)
            time.sleep(every)

    def _round(self, private_key, *, fail: bool) -> None:
        try:
            signed = services.sign_checkpoint(private_key=private_key)
        except services.CheckpointRefused as refusal:
            if fail:
                raise CommandError(f"Not signed: {refusal}") from None
            logger.error("Audit checkpoint not signed: %s", refusal)
            return
        except DatabaseError:
            if fail:
                raise
            logger.exception("Audit checkpoint not signed: the database could not be read")
            return
        if signed is None:
            self.stdout.write("The head has not moved since the last checkpoint: not signed again.")
        else:
            self.stdout.write(f"Signed the checkpoint at entry {signed.head_id}.")
