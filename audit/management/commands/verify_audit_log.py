"""`manage.py verify_audit_log [--checkpoint FILE|URL]`: is the audit chain whole, and
does it still extend a checkpoint someone kept?"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from audit import checkpoints
from audit.verification import ChainCheck, first_broken_link


class Command(BaseCommand):
    help = (
        "Walk the audit log's hash chain and report the first broken link; with "
        "--checkpoint, also check that the chain extends that checkpoint."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--checkpoint",
            metavar="FILE|URL",
            help="a checkpoint kept earlier (e.g. from /api/audit/checkpoint.json or "
            "the .checkpoint.json beside a backup)",
        )

    def handle(self, *args, checkpoint: str | None = None, **options) -> None:
        kept = None
        if checkpoint is not None:
            try:
                kept = checkpoints.load(checkpoint)
            except checkpoints.CheckpointError as error:
                raise CommandError(str(error)) from None
        # Where keying began is the earliest of what the settings and the kept,
        # signed checkpoint say: neither can be moved from the database.
        keyed_since = settings.AUDIT_KEYED_SINCE
        if kept is not None and not checkpoints.signature_problem(kept):
            keyed_since = min(keyed_since, kept.keyed_since)
        result = first_broken_link(keyed_since=keyed_since)
        problems = []
        if result.broken is not None:
            problems.append(
                f"Audit chain broken at entry {result.broken.pk} "
                f"({result.broken.created_at:%Y-%m-%d %H:%M:%S} UTC, "
                f"{result.broken.summary!r}): {result.reason}. "
                f"{result.checked} entries verified before it."
            )
        if kept is not None:
            problems += self._checkpoint_problems(kept)
        if problems:
            raise CommandError(" ".join(problems))
        self._report(result)
        if kept is not None:
            self._report_checkpoint(kept)

    def _checkpoint_problems(self, kept: checkpoints.Checkpoint) -> list[str]:
        problems = []
        if problem := checkpoints.signature_problem(kept):
            problems.append(f"{kept.describe().capitalize()} is refused: {problem}.")
        if problem := checkpoints.database_problem(kept):
            problems.append(f"The chain does not extend the checkpoint. {problem}")
        return problems

    def _report(self, result: ChainCheck) -> None:
        before_key = (
            f" {result.legacy} of them from before the chain was keyed (plain SHA-256)."
            if result.legacy
            else ""
        )
        if not result.unchecked:
            self.stdout.write(
                self.style.SUCCESS(f"Audit chain intact: {result.checked} entries.{before_key}")
            )
            return
        # Said plainly: an operator must not read "links intact" as "not rewritten".
        self.stdout.write(
            self.style.WARNING(
                f"Audit chain links intact: {result.checked} entries.{before_key} "
                f"AUDIT_KEY is not set, so the {result.unchecked} keyed hashes were NOT "
                "checked: rows rewritten with their hashes recomputed would pass this. "
                "Run it with AUDIT_KEY, or against a checkpoint (--checkpoint)."
            )
        )

    def _report_checkpoint(self, kept: checkpoints.Checkpoint) -> None:
        if kept.signature is None:  # refused above when AUDIT_PUBLIC_KEY is set
            signature = "it is unsigned (taken before the signer signed one)"
        elif not checkpoints.signature_checked():
            signature = "its signature was not checked (AUDIT_PUBLIC_KEY is not set)"
        else:
            signature = "its signature verifies"
        self.stdout.write(self.style.SUCCESS(f"The chain extends {kept.describe()}; {signature}."))
