"""Checkpoints signed with Ed25519 by the signer alone, and refused when not."""

import json
import os
import stat
import subprocess
import sys
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.utils import timezone

from audit import checkpoints, services, signing
from audit import services as audit
from audit.models import Action, AuditEntry, SignedCheckpoint
from tests.audit import chains
from tests.audit.conftest import make_key_pair
from tests.conftest import require_postgres
from tests.processes import bare_env

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def _record(count: int) -> list[AuditEntry]:
    return [
        audit.record(actor=None, action=Action.CHANGED, summary=f"Change {n}") for n in range(count)
    ]


def _verify(**options) -> str:
    out = StringIO()
    call_command("verify_audit_log", stdout=out, **options)
    return out.getvalue()


def _save(tmp_path, document: dict, name: str = "kept.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return str(path)


# --- The key pair -------------------------------------------------------------------------


def test_keygen_writes_a_private_key_only_its_owner_reads_and_never_overwrites_it(tmp_path):
    key_file, public_key = make_key_pair(tmp_path)
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert b"PRIVATE KEY" in key_file.read_bytes()
    assert len(public_key) == 44  # base64 of 32 bytes, the form AUDIT_PUBLIC_KEY takes
    before = key_file.read_bytes()
    with pytest.raises(CommandError, match="Cannot create"):
        call_command("audit_keygen", output=str(key_file), stdout=StringIO())
    assert key_file.read_bytes() == before


def test_a_signing_key_that_is_not_the_published_ones_pair_is_refused_at_start(signer, tmp_path):
    other_file, _ = make_key_pair(tmp_path, "other.pem")
    with pytest.raises(ImproperlyConfigured, match="does not match AUDIT_PUBLIC_KEY"):
        signing.load_private_key(str(other_file))


def test_the_signer_will_not_start_without_its_key_file(settings):
    settings.AUDIT_SIGNING_KEY_FILE = ""
    with pytest.raises(ImproperlyConfigured, match="AUDIT_SIGNING_KEY_FILE is not set"):
        call_command("audit_sign", stdout=StringIO())


# --- The signer ---------------------------------------------------------------------------


def test_the_signer_signs_a_new_head_and_only_then(signer, client):
    entries = _record(2)
    call_command("audit_sign", stdout=StringIO())
    (first,) = SignedCheckpoint.objects.all()
    assert first.head_id == entries[-1].pk
    assert signer.sign() is None, "no new entry, a recent checkpoint: nothing to sign"
    (newer,) = _record(1)
    assert signer.sign().head_id == newer.pk
    document = client.get("/api/audit/checkpoint.json").json()
    assert document["head"]["id"] == newer.pk and document["signature"].startswith("ed25519:")


def test_the_signer_signs_the_same_head_again_after_an_hour_to_show_it_is_alive(signer):
    _record(1)
    signer.sign()
    later = timezone.now() + services.REISSUE_AFTER + timedelta(seconds=1)
    key = signing.load_private_key()
    assert services.sign_checkpoint(private_key=key, now=later) is not None


@pytest.mark.parametrize(
    ("tamper", "says"),
    [
        ("rewrite", "no longer has the hash"),
        ("legacy re-seal", "no longer has the hash"),
        ("deleted tail", "is missing"),
    ],
)
def test_the_signer_refuses_to_sign_a_tampered_chain_naming_why(signer, tamper, says):
    entries = _record(5)
    signer.sign()
    if tamper == "rewrite":
        chains.forge(entries[1].pk, summary="Nothing happened", note="tampered")
        chains.rechain_from(entries[1].pk, label="hmac-sha256:")
    elif tamper == "legacy re-seal":
        chains.forge(entries[1].pk, summary="Nothing happened", note="tampered")
        chains.rechain_from(entries[0].pk)
    else:
        chains.delete_newest(2)
    _record(1)  # the site carries on appending
    with pytest.raises(CommandError, match=f"Not signed: .*{says}"):
        call_command("audit_sign", stdout=StringIO())
    assert SignedCheckpoint.objects.count() == 1


def test_the_signer_refuses_a_forged_entry_after_its_last_checkpoint(signer):
    _record(2)
    signer.sign()
    later = _record(2)
    chains.forge(later[0].pk, summary="Nothing happened", note="tampered")
    with pytest.raises(services.CheckpointRefused, match=f"entry {later[0].pk}: its content"):
        signer.sign()


def test_a_forged_checkpoint_row_is_no_starting_point_for_the_signer(signer):
    """The application role may INSERT checkpoints: a row naming the rewritten head, added
    to make the signer check only what follows it, must not get the rewrite signed."""
    entries = _record(4)
    signer.sign()
    chains.forge(entries[1].pk, summary="Nothing happened", note="tampered")
    chains.rechain_from(entries[1].pk, label="hmac-sha256:")
    forged = checkpoints.current_head()
    SignedCheckpoint.objects.create(
        issued_at=timezone.now(),
        head_id=forged.head.id,
        head_hash=forged.head.hash,
        document=dict(forged.as_json(), signature="ed25519:" + "A" * 88),
    )
    _record(1)
    with pytest.raises(services.CheckpointRefused, match=f"Entry {entries[-1].pk} no longer"):
        signer.sign()


def test_the_web_process_signs_nothing_itself(signer, client):
    _record(2)
    response = client.get("/api/audit/checkpoint.json")
    assert response.status_code == 503
    assert "No checkpoint has been signed yet" in response.json()["error"]
    assert not SignedCheckpoint.objects.exists()


# --- Checking a kept checkpoint -----------------------------------------------------------


def test_an_unsigned_checkpoint_is_refused_when_a_public_key_is_configured(signer, tmp_path):
    entries = _record(2)
    signer.sign()
    document = dict(SignedCheckpoint.objects.get().document, signature=None)
    with pytest.raises(CommandError) as caught:
        _verify(checkpoint=_save(tmp_path, document))
    assert f"(at entry {entries[-1].pk}) is refused: it is unsigned" in str(caught.value)


def test_a_checkpoint_signed_with_another_key_is_refused_naming_why(signer, tmp_path, settings):
    _record(2)
    other_file, _ = make_key_pair(tmp_path, "other.pem")
    settings.AUDIT_PUBLIC_KEY = ""  # the forger's own signer, unchecked
    services.sign_checkpoint(private_key=signing.load_private_key(str(other_file)))
    settings.AUDIT_PUBLIC_KEY = signer.public_key
    document = SignedCheckpoint.objects.get().document
    with pytest.raises(CommandError, match="its signature does not verify under AUDIT_PUBLIC_KEY"):
        _verify(checkpoint=_save(tmp_path, document))


def test_an_hmac_signed_checkpoint_of_the_old_kind_is_not_accepted(signer, tmp_path):
    _record(1)
    signer.sign()
    document = dict(SignedCheckpoint.objects.get().document, signature="hmac-sha256:" + "0" * 64)
    with pytest.raises(CommandError, match="not an Ed25519 signature"):
        _verify(checkpoint=_save(tmp_path, document))


# --- What readers fetch -------------------------------------------------------------------


def test_the_public_key_is_published_as_pem_at_a_stable_address(signer, client, settings):
    from cryptography.hazmat.primitives import serialization

    response = client.get("/api/audit/public-key.pem")
    assert response.status_code == 200
    published = serialization.load_pem_public_key(response.content)
    assert signing.public_text(published) == signer.public_key
    settings.AUDIT_PUBLIC_KEY = ""
    assert client.get("/api/audit/public-key.pem").status_code == 404


def test_the_chain_endpoint_gives_ids_and_hashes_only_a_bounded_page_at_a_time(client):
    entries = [
        audit.record(
            actor=None, action=Action.CHANGED, summary=f"Private {n}", ip_address="81.2.69.142"
        )
        for n in range(3)
    ]
    page = client.get(f"/api/audit/chain.json?after={entries[0].pk}&limit=1").json()
    assert page["entries"] == [
        {"id": entries[1].pk, "hash": entries[1].hash, "prev_hash": entries[0].hash}
    ]
    whole = client.get("/api/audit/chain.json").content.decode()
    assert "Private" not in whole and "81.2.69.142" not in whole
    for query in ("limit=1001", "limit=0", "after=-1", "after=x"):
        assert client.get(f"/api/audit/chain.json?{query}").status_code == 400, query


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"AUDIT_PUBLIC_KEY": "not-a-key"}, "AUDIT_PUBLIC_KEY"),
        ({"AUDIT_PUBLIC_KEY": "c2hvcnQ="}, "AUDIT_PUBLIC_KEY"),  # base64, but 5 bytes
        ({"AUDIT_KEYED_SINCE": "0"}, "AUDIT_KEYED_SINCE"),
    ],
)
def test_a_wrong_key_setting_stops_start_up_and_names_the_variable(env, named):
    proc = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=bare_env(DEBUG="true", **env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode != 0
    assert proc.stderr.startswith("Configuration error:"), proc.stderr
    assert "Traceback" not in proc.stderr
    assert named in proc.stderr.splitlines()[-1]


@pytest.mark.postgres(reason="the append-only trigger on signed checkpoints is PostgreSQL's")
def test_signed_checkpoints_cannot_be_changed_or_deleted_on_postgresql(signer):
    from django.db import DatabaseError, transaction

    require_postgres()
    _record(1)
    row = signer.sign()
    for write in (
        lambda: SignedCheckpoint.objects.filter(pk=row.pk).update(head_hash="x"),
        lambda: SignedCheckpoint.objects.filter(pk=row.pk).delete(),
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            write()
    assert SignedCheckpoint.objects.get().head_hash == row.head_hash
