"""bin/verify-checkpoints: a reader checks the site from its public API alone.

Run as a reader runs it (a subprocess, with only the public key, the site's address and
the checkpoints they saved) against the site served on loopback, while the database's
owner tampers with it.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from audit import services, signing
from audit import services as audit
from audit.models import Action, AuditEntry, SignedCheckpoint
from tests.audit import chains
from tests.audit.conftest import make_key_pair

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


def _record(count: int) -> list[AuditEntry]:
    return [
        audit.record(actor=None, action=Action.CHANGED, summary=f"Change {n}") for n in range(count)
    ]


def _reader(live_server, signer, *kept: Path, save: Path | None = None, full: bool = False):
    command = [
        sys.executable,
        str(ROOT / "bin" / "verify-checkpoints"),
        "--site",
        live_server.url,
        "--public-key",
        signer.public_key,
        *(["--save", str(save)] if save else []),
        *(["--full"] if full else []),
        *map(str, kept),
    ]
    # Nothing of the site's: no settings, no database, only the network.
    env = {"PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(command, capture_output=True, text=True, timeout=60, env=env, cwd="/")


def _saved(live_server, signer, tmp_path, name: str = "saved.json") -> Path:
    """A reader's run that passes and saves the site's newest checkpoint."""
    path = tmp_path / name
    run = _reader(live_server, signer, save=path)
    assert run.returncode == 0, run.stdout + run.stderr
    return path


def test_a_chain_that_grew_extends_the_checkpoints_a_reader_saved(live_server, signer, tmp_path):
    _record(3)
    signer.sign()
    first = _saved(live_server, signer, tmp_path, "first.json")
    _record(2)
    signer.sign()
    run = _reader(live_server, signer, first)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "OK: every checkpoint is signed by the site's key" in run.stdout
    assert "against 2 signed checkpoint(s)" in run.stdout


def test_a_deleted_tail_is_caught_from_the_public_api(live_server, signer, tmp_path):
    entries = _record(5)
    signer.sign()
    saved = _saved(live_server, signer, tmp_path)
    chains.delete_newest(2)
    _record(1)  # the site carries on; the signer will not sign this chain
    with pytest.raises(services.CheckpointRefused):
        signer.sign()
    run = _reader(live_server, signer, saved)
    assert run.returncode == 1
    assert f"entry {entries[-1].pk}, the head of the checkpoint kept in {saved}, is missing" in (
        run.stdout
    )


def test_a_tail_deleted_with_its_checkpoints_is_caught_as_a_rollback(live_server, signer, tmp_path):
    """The owner deletes the newest entries and the checkpoints signed over them, so the
    site serves an older signed head whose chain still verifies: the checkpoint a reader
    kept names an entry beyond it."""
    _record(3)
    signer.sign()
    entries = _record(2)
    signer.sign()
    saved = _saved(live_server, signer, tmp_path)
    newest = SignedCheckpoint.objects.order_by("-id").first()
    chains.as_replica("DELETE FROM audit_signedcheckpoint WHERE id >= %s", [newest.pk])
    chains.delete_newest(2)
    run = _reader(live_server, signer, saved)
    assert run.returncode == 1, run.stdout + run.stderr
    assert f"names entry {entries[-1].pk}, beyond the site's newest checkpoint" in run.stdout
    assert "rolled back" in run.stdout


def test_a_rewritten_entry_is_caught_from_the_public_api(live_server, signer, tmp_path):
    entries = _record(5)
    signer.sign()
    saved = _saved(live_server, signer, tmp_path)
    chains.forge(entries[1].pk, summary="Nothing happened", note="tampered")
    chains.rechain_from(entries[1].pk, label="hmac-sha256:")
    run = _reader(live_server, signer, saved)
    assert run.returncode == 1
    assert f"entry {entries[-1].pk}, the head of the checkpoint kept in {saved}, no longer" in (
        run.stdout
    )
    assert "rewritten" in run.stdout


def test_a_rewrite_re_sealed_with_the_stolen_key_is_caught_from_the_public_api(
    live_server, signer, tmp_path, settings
):
    entries = _record(5)
    signer.sign()
    saved = _saved(live_server, signer, tmp_path)
    chains.forge(entries[1].pk, summary="Nothing happened", note="tampered")
    chains.rechain_from(entries[1].pk, audit_key=settings.AUDIT_KEY)
    run = _reader(live_server, signer, saved, full=True)
    assert run.returncode == 1
    assert f"entry {entries[-1].pk}, the head of the checkpoint kept in {saved}, no longer" in (
        run.stdout
    )
    assert "rewritten" in run.stdout


def test_a_chain_re_sealed_with_plain_sha256_is_caught_from_the_public_api(
    live_server, signer, tmp_path
):
    entries = _record(4)
    signer.sign()
    saved = _saved(live_server, signer, tmp_path)
    chains.forge(entries[1].pk, summary="Nothing happened", note="tampered")
    chains.rechain_from(entries[0].pk)
    run = _reader(live_server, signer, saved, full=True)
    assert run.returncode == 1
    assert "no longer has the hash it was signed with" in run.stdout
    assert f"entry {entries[0].pk} is not sealed with the key" in run.stdout


def test_a_forged_unsigned_checkpoint_is_refused(live_server, signer, tmp_path):
    entries = _record(3)
    signer.sign()
    saved = _saved(live_server, signer, tmp_path)
    forged = dict(SignedCheckpoint.objects.get().document, signature=None)
    forged["head"] = {**forged["head"], "hash": "hmac-sha256:" + "0" * 64}
    SignedCheckpoint.objects.create(
        issued_at=entries[-1].created_at, head_id=entries[-1].pk, document=forged
    )
    run = _reader(live_server, signer, saved)
    assert run.returncode == 1
    assert "FAILED: the site's newest checkpoint is refused: it is unsigned." in run.stdout


def test_a_checkpoint_signed_with_another_key_is_refused(live_server, signer, tmp_path, settings):
    _record(3)
    other_file, _ = make_key_pair(tmp_path, "other.pem")
    settings.AUDIT_PUBLIC_KEY = ""  # the forger's own signer
    services.sign_checkpoint(private_key=signing.load_private_key(str(other_file)))
    run = _reader(live_server, signer)
    assert run.returncode == 1
    assert "the site's newest checkpoint is refused: its signature does not verify" in run.stdout


def test_a_saved_checkpoint_that_was_edited_is_refused(live_server, signer, tmp_path):
    _record(2)
    signer.sign()
    saved = _saved(live_server, signer, tmp_path)
    document = json.loads(saved.read_text())
    document["keyed_since"] = 10**9
    saved.write_text(json.dumps(document))
    run = _reader(live_server, signer, saved)
    assert run.returncode == 1
    assert f"the checkpoint kept in {saved} is refused: its signature does not verify" in (
        run.stdout
    )
