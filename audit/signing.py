"""Ed25519 signatures on checkpoints: the signer alone holds the private key.

The private key is a PEM file (`manage.py audit_keygen` writes one) that only the
signer process reads (AUDIT_SIGNING_KEY_FILE); every other process, and every reader,
has only the public key (AUDIT_PUBLIC_KEY, base64 of its 32 raw bytes, published at
/api/audit/public-key.pem). A checkpoint is signed over its canonical JSON: keys sorted,
no spaces, ASCII, which bin/verify-checkpoints rebuilds without Django.
"""

from __future__ import annotations

import base64
import binascii
import json
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SCHEME = "ed25519"
PREFIX = f"{SCHEME}:"


def canonical(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def generate() -> tuple[bytes, str]:
    """A new key pair: the private key as PEM, the public key as AUDIT_PUBLIC_KEY wants it."""
    private_key = Ed25519PrivateKey.generate()
    pem = private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return pem, public_text(private_key.public_key())


def public_text(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def load_private_key(path: str | None = None) -> Ed25519PrivateKey:
    """The signer's key, from AUDIT_SIGNING_KEY_FILE; refuses, naming why, without one."""
    path = path or settings.AUDIT_SIGNING_KEY_FILE
    if not path:
        raise ImproperlyConfigured(
            "AUDIT_SIGNING_KEY_FILE is not set: only the signer signs checkpoints, with the "
            "private key in that file (manage.py audit_keygen writes one)."
        )
    try:
        key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            f"AUDIT_SIGNING_KEY_FILE {path} is not a readable Ed25519 private key: {error}"
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured(f"AUDIT_SIGNING_KEY_FILE {path} is not an Ed25519 key.")
    configured = configured_public_key()
    if configured is not None and public_text(key.public_key()) != public_text(configured):
        raise ImproperlyConfigured(
            f"AUDIT_SIGNING_KEY_FILE {path} does not match AUDIT_PUBLIC_KEY: readers would "
            "refuse every checkpoint it signs."
        )
    return key


def configured_public_key() -> Ed25519PublicKey | None:
    text = settings.AUDIT_PUBLIC_KEY
    return None if not text else Ed25519PublicKey.from_public_bytes(base64.b64decode(text))


def public_pem() -> str:
    key = configured_public_key()
    if key is None:
        return ""
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def sign(private_key: Ed25519PrivateKey, fields: dict[str, Any]) -> str:
    return PREFIX + base64.b64encode(private_key.sign(canonical(fields))).decode()


def problem(signature: str | None, fields: dict[str, Any]) -> str:
    """Why the signature does not show the signer made `fields`, as a clause; "" if it does.

    Needs AUDIT_PUBLIC_KEY; without it, "" (the caller says it went unchecked)."""
    public_key = configured_public_key()
    if public_key is None:
        return ""
    if not signature:
        return "it is unsigned, and only checkpoints signed by the site's key are accepted"
    if not isinstance(signature, str) or not signature.startswith(PREFIX):
        return f"its signature is not an Ed25519 signature ({PREFIX}...)"
    if not signed_by(public_key, signature, fields):
        return (
            "its signature does not verify under AUDIT_PUBLIC_KEY: it was altered, or signed "
            "by another key"
        )
    return ""


def signed_by(public_key: Ed25519PublicKey, signature: Any, fields: dict[str, Any]) -> bool:
    if not isinstance(signature, str) or not signature.startswith(PREFIX):
        return False
    try:
        raw = base64.b64decode(signature[len(PREFIX) :], validate=True)
        public_key.verify(raw, canonical(fields))
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True
