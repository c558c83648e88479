"""`manage.py audit_checkpoint [--output FILE]`: the newest signed checkpoint, to keep.

bin/backup writes one beside every dump, before dumping: the dump then holds the
entry it names, and `verify_audit_log --checkpoint` checks a restore against it. This
signs nothing (only the signer, `audit_sign`, holds the key): before the signer's first
run it gives the head as the database has it, unsigned, and says so.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from audit import checkpoints


class Command(BaseCommand):
    help = "Print (or write to --output) the newest signed checkpoint of the audit chain."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", metavar="FILE", help="write it here instead")

    def handle(self, *args, output: str | None = None, **options) -> None:
        document = checkpoints.newest_signed() or checkpoints.current_head().as_json()
        checkpoint = checkpoints.parse(document)
        text = json.dumps(document, indent=2) + "\n"
        if output is None:
            self.stdout.write(text, ending="")
            return
        Path(output).write_text(text, encoding="utf-8")
        unsigned = "" if checkpoint.signature else " (unsigned: the signer has not run yet)"
        self.stdout.write(f"Checkpoint of {_head(checkpoint)} written to {output}{unsigned}.")


def _head(checkpoint: checkpoints.Checkpoint) -> str:
    return f"entry {checkpoint.head.id}" if checkpoint.head else "an empty audit log"
