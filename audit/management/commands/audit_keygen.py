"""`manage.py audit_keygen --output FILE`: a new Ed25519 key pair for signing checkpoints.

The private key goes to FILE (PEM, readable by its owner only; never overwritten) for
the signer alone (AUDIT_SIGNING_KEY_FILE); the public key is printed as the line to put
in .env (AUDIT_PUBLIC_KEY) for every other process and in front of readers.
"""

import os

from django.core.management.base import BaseCommand, CommandError

from audit import signing


class Command(BaseCommand):
    help = "Write a new Ed25519 private key for the checkpoint signer; print its public key."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", metavar="FILE", required=True, help="the private key")

    def handle(self, *args, output: str, **options) -> None:
        pem, public = signing.generate()
        try:
            # O_EXCL: an existing key is never replaced (readers trust its public half).
            descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as error:
            raise CommandError(f"Cannot create {output}: {error.strerror}.") from None
        with os.fdopen(descriptor, "wb") as file:
            file.write(pem)
        self.stdout.write(f"Private key written to {output} (give it to the signer alone).")
        self.stdout.write(f"AUDIT_PUBLIC_KEY={public}")
