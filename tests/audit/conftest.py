"""The checkpoint signer's key pair, as `manage.py audit_keygen` writes it for operators."""

from __future__ import annotations

from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from audit import services, signing
from audit.models import SignedCheckpoint


@dataclass
class Signer:
    key_file: Path
    public_key: str

    def sign(self) -> SignedCheckpoint | None:
        """One run of the signer (compose's `signer` service runs it every minute)."""
        return services.sign_checkpoint(private_key=signing.load_private_key(str(self.key_file)))


def make_key_pair(directory: Path, name: str = "signing.pem") -> tuple[Path, str]:
    out = StringIO()
    path = directory / name
    call_command("audit_keygen", output=str(path), stdout=out)
    (public_line,) = [line for line in out.getvalue().splitlines() if "AUDIT_PUBLIC_KEY=" in line]
    return path, public_line.split("=", 1)[1]


@pytest.fixture
def signer(tmp_path, settings) -> Signer:
    """The site's signing key: the private half in a file, the public half configured."""
    key_file, public_key = make_key_pair(tmp_path)
    settings.AUDIT_PUBLIC_KEY = public_key
    settings.AUDIT_SIGNING_KEY_FILE = str(key_file)
    return Signer(key_file=key_file, public_key=public_key)
