"""The keyed chain: new entries are sealed under AUDIT_KEY, old ones still verify."""

from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from audit import services as audit
from audit.models import Action, AuditEntry
from audit.verification import first_broken_link
from tests.audit import chains

pytestmark = pytest.mark.django_db


def _record(*summaries: str) -> list[AuditEntry]:
    return [audit.record(actor=None, action=Action.CHANGED, summary=s) for s in summaries]


def _verify(**options) -> str:
    out = StringIO()
    call_command("verify_audit_log", stdout=out, **options)
    return out.getvalue()


def test_a_new_entry_is_sealed_with_hmac_under_the_audit_key_and_names_its_scheme():
    (entry,) = _record("Keyed")
    scheme, _, digest = entry.hash.partition(":")
    assert scheme == "hmac-sha256" and len(digest) == 64
    assert entry.hash != chains.plain_sha256(entry)  # not something anyone can recompute


def test_the_same_entry_under_another_key_does_not_verify(settings):
    _record("One", "Two")
    assert first_broken_link().broken is None
    settings.AUDIT_KEY = "another-key-of-the-same-length-0123456789"
    result = first_broken_link()
    assert result.broken is not None and result.reason == "its content does not match its hash"


def test_entries_from_before_the_key_still_verify_and_the_keyed_chain_extends_them(settings):
    old = [chains.append_as_previous_release(f"Old {n}") for n in range(3)]
    (new,) = _record("New")
    settings.AUDIT_KEYED_SINCE = new.pk  # as the operator records it when the key came
    assert new.prev_hash == old[-1].hash
    result = first_broken_link()
    assert (result.broken, result.checked, result.legacy) == (None, 4, 3)
    assert "Audit chain intact: 4 entries. 3 of them from before the chain was keyed" in _verify()


def test_an_unkeyed_entry_after_a_keyed_one_is_a_rewrite_even_when_its_sha256_is_right(
    settings,
):
    settings.AUDIT_KEYED_SINCE = 10**9  # even where keying began was set too late
    _record("Keyed")
    downgraded = chains.append_as_previous_release("Sealed without the key")
    result = first_broken_link()
    assert result.broken == downgraded
    assert "a downgrade is a rewrite" in result.reason


def test_a_hash_in_no_known_scheme_breaks_the_chain():
    _record("Keyed")
    AuditEntry(
        created_at=AuditEntry.objects.get().created_at,
        action=Action.CHANGED,
        summary="odd",
        prev_hash=AuditEntry.objects.get().hash,
        hash="md5:0123",
    ).save(force_insert=True)
    assert "no scheme" in first_broken_link().reason


def test_without_the_key_the_links_are_checked_and_the_output_says_the_hashes_were_not(
    settings,
):
    _record("One", "Two", "Three")
    settings.AUDIT_KEY = ""
    result = first_broken_link()
    assert (result.broken, result.checked, result.unchecked) == (None, 3, 3)
    out = _verify()
    assert "Audit chain links intact: 3 entries." in out
    assert "the 3 keyed hashes were NOT checked" in out
    assert "Audit chain intact" not in out


def test_without_the_key_a_broken_link_is_still_found(settings):
    entries = _record("One", "Two", "Three")
    chains.as_replica("DELETE FROM audit_auditentry WHERE id = %s", [entries[1].pk])
    settings.AUDIT_KEY = ""
    with pytest.raises(CommandError, match=f"entry {entries[2].pk}"):
        _verify()


def test_a_process_without_the_key_cannot_write_an_entry(settings):
    settings.AUDIT_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="AUDIT_KEY"):
        _record("Unsealable")
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_widening_the_hash_columns_keeps_a_previous_release_chain_and_fires_no_trigger(
    settings,
):
    executor = MigrationExecutor(connection)
    # Every app's latest, not only audit's: going back unapplies the migrations that
    # depend on audit's later ones (pages' roles), whose tables later tests need.
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate([("audit", "0002_append_only_trigger")])
    try:
        old = [chains.append_as_previous_release(f"Before the key {n}") for n in range(3)]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
    assert list(AuditEntry.objects.order_by("id").values_list("hash", flat=True)) == [
        e.hash for e in old
    ]
    (keyed,) = _record("After the key")
    settings.AUDIT_KEYED_SINCE = keyed.pk
    result = first_broken_link()
    assert (result.broken, result.checked, result.legacy) == (None, 4, 3)


# --- Where keying began is kept outside the database --------------------------------------


@pytest.mark.parametrize("from_entry", [0, 2], ids=["whole chain", "from the forged entry"])
def test_a_chain_re_sealed_with_plain_sha256_fails_a_keyed_verify_naming_where_keying_began(
    settings, from_entry
):
    """The owner, without the key, changes an entry and recomputes every hash (from the
    first entry on, or from the forged one) with the unkeyed hash of earlier releases."""
    entries = _record(*(f"Change {n}" for n in range(6)))
    settings.AUDIT_KEYED_SINCE = entries[0].pk
    chains.forge(entries[2].pk, summary="Nothing happened", note="tampered")
    chains.rechain_from(entries[from_entry].pk)
    result = first_broken_link()
    assert result.broken == entries[from_entry]
    with pytest.raises(CommandError) as caught:
        _verify()
    assert f"broken at entry {entries[from_entry].pk}" in str(caught.value)
    assert f"keyed from entry {entries[0].pk} on (AUDIT_KEYED_SINCE)" in str(caught.value)
    assert "re-sealed with plain SHA-256" in str(caught.value)


def test_a_legacy_re_seal_fails_against_a_signed_checkpoint_even_if_the_setting_is_lost(
    settings, signer, tmp_path
):
    entries = _record(*(f"Change {n}" for n in range(4)))
    settings.AUDIT_KEYED_SINCE = entries[0].pk  # what the signer signs into the checkpoint
    signer.sign()
    kept = tmp_path / "kept.json"
    call_command("audit_checkpoint", output=str(kept), stdout=StringIO())
    chains.forge(entries[1].pk, summary="Nothing happened", note="tampered")
    chains.rechain_from(entries[0].pk)
    settings.AUDIT_KEYED_SINCE = 10**9  # the operator's setting lost or mistyped
    assert first_broken_link().broken is None  # nothing keyed left: the chain alone passes
    with pytest.raises(CommandError) as caught:
        _verify(checkpoint=str(kept))
    # The signed checkpoint says where keying began; the signature binds it.
    assert f"keyed from entry {entries[0].pk} on" in str(caught.value)
    assert f"Entry {entries[-1].pk} no longer has the hash" in str(caught.value)
