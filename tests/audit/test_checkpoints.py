"""Checkpoints: a rewrite that the chain alone would pass is caught against an earlier copy.

Every test here has the site's signing key (the `signer` fixture, tests/audit/conftest.py):
checkpoints are what the signer signed, as readers and backups keep them.
"""

import json
from io import StringIO
from xml.etree import ElementTree

import pytest
from django.core.management import CommandError, call_command

from audit import checkpoints, services, signing
from audit import services as audit
from audit.models import Action, AuditEntry
from audit.syndication import CHAIN_NAMESPACE
from audit.verification import first_broken_link
from tests.audit import chains
from tests.conftest import database_down

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("signer")]

ATOM = "{http://www.w3.org/2005/Atom}"


def _record(count: int, *, public: bool = False) -> list[AuditEntry]:
    return [
        audit.record(actor=None, action=Action.CHANGED, summary=f"Change {n}", public=public)
        for n in range(count)
    ]


def _keep(tmp_path, name: str = "kept.json") -> str:
    """A checkpoint as a reader keeps it: the signer signs the head, and the newest
    signed checkpoint (what the endpoint serves) is saved to a file."""
    services.sign_checkpoint(private_key=signing.load_private_key())
    path = tmp_path / name
    call_command("audit_checkpoint", output=str(path), stdout=StringIO())
    return str(path)


def _verify(**options) -> str:
    out = StringIO()
    call_command("verify_audit_log", stdout=out, **options)
    return out.getvalue()


def test_a_forged_row_rechained_to_pass_for_keyed_is_caught_by_the_checkpoint(tmp_path, settings):
    entries = _record(6)
    kept = _keep(tmp_path)
    victim, head = entries[2], entries[-1]
    chains.forge(victim.pk, summary="Nothing happened", note="tampered")
    chains.rechain_from(victim.pk, label="hmac-sha256:")

    settings.AUDIT_KEY = ""  # an operator's shell: the chain alone passes
    assert first_broken_link().broken is None
    assert "Audit chain links intact: 6 entries" in _verify()
    with pytest.raises(CommandError) as caught:
        _verify(checkpoint=kept)
    assert f"Entry {head.pk} no longer has the hash" in str(caught.value)
    assert "rewritten" in str(caught.value)


def test_with_the_key_the_same_rewrite_fails_the_chain_alone_at_the_forged_row(tmp_path):
    entries = _record(6)
    victim = entries[2]
    chains.forge(victim.pk, summary="Nothing happened", note="tampered")
    chains.rechain_from(victim.pk, label="hmac-sha256:")
    result = first_broken_link()
    assert result.broken == victim and result.reason == "its content does not match its hash"
    with pytest.raises(CommandError, match=f"broken at entry {victim.pk}"):
        _verify()


def test_a_rewrite_re_sealed_with_the_stolen_key_passes_the_chain_but_not_the_checkpoint(
    tmp_path, settings
):
    """Whoever holds AUDIT_KEY and the database seals a rewrite as the site would: the
    chain alone is whole, even checked with the key; the signed checkpoint (the signer's
    Ed25519 key is not AUDIT_KEY) still says which signed entry no longer matches."""
    entries = _record(6)
    kept = _keep(tmp_path)
    victim, head = entries[2], entries[-1]
    chains.forge(victim.pk, summary="Nothing happened", note="tampered")
    chains.rechain_from(victim.pk, audit_key=settings.AUDIT_KEY)
    assert first_broken_link().broken is None
    assert "Audit chain intact: 6 entries" in _verify()
    with pytest.raises(CommandError) as caught:
        _verify(checkpoint=kept)
    assert f"Entry {head.pk} no longer has the hash" in str(caught.value)
    assert "rewritten" in str(caught.value)


def test_a_rewrite_rechained_with_bare_sha256_fails_even_without_the_key(settings):
    entries = _record(4)
    chains.forge(entries[1].pk, summary="Nothing happened", note="tampered")
    chains.rechain_from(entries[1].pk)
    settings.AUDIT_KEY = ""
    assert "re-sealed with plain SHA-256" in first_broken_link().reason


def test_a_chain_from_before_the_key_is_rewritable_alone_but_not_against_a_checkpoint(
    tmp_path, settings
):
    settings.AUDIT_KEYED_SINCE = 10**9  # a site not keyed yet
    old = [chains.append_as_previous_release(f"Before the key {n}") for n in range(4)]
    kept = _keep(tmp_path)
    chains.forge(old[1].pk, summary="Nothing happened", note="tampered")
    chains.rechain_from(old[1].pk)
    assert first_broken_link().broken is None  # plain SHA-256: anyone can recompute it
    with pytest.raises(CommandError, match=f"Entry {old[-1].pk} no longer has the hash"):
        _verify(checkpoint=kept)


def test_deleting_the_newest_entries_is_caught_against_an_earlier_checkpoint(tmp_path, settings):
    entries = _record(5)
    kept = _keep(tmp_path)
    chains.delete_newest(2)
    assert first_broken_link().broken is None  # what is left is a whole chain
    for key in (settings.AUDIT_KEY, ""):
        settings.AUDIT_KEY = key
        with pytest.raises(CommandError) as caught:
            _verify(checkpoint=kept)
        assert f"Entry {entries[-1].pk}, the head of the checkpoint issued" in str(caught.value)
        assert "is missing" in str(caught.value)


def test_a_chain_that_grew_since_extends_the_checkpoint_and_says_its_signature_verifies(
    tmp_path,
):
    _record(3)
    kept = _keep(tmp_path)
    _record(2)
    out = _verify(checkpoint=kept)
    assert "Audit chain intact: 5 entries." in out
    assert "The chain extends the checkpoint issued" in out
    assert "its signature verifies" in out


def test_a_checkpoint_edited_to_match_a_rewrite_fails_its_signature(tmp_path, settings):
    entries = _record(4)
    kept = _keep(tmp_path)
    chains.forge(entries[1].pk, summary="Nothing happened", note="tampered")
    chains.rechain_from(entries[1].pk, label="hmac-sha256:")
    document = json.loads((tmp_path / "kept.json").read_text())
    document["head"]["hash"] = AuditEntry.objects.get(pk=entries[-1].pk).hash
    (tmp_path / "kept.json").write_text(json.dumps(document))
    with pytest.raises(CommandError, match="The checkpoint issued .* is refused: its signature"):
        _verify(checkpoint=kept)
    # A shell with neither key: the edit passes, and the output says why.
    settings.AUDIT_PUBLIC_KEY = settings.AUDIT_KEY = ""
    out = _verify(checkpoint=kept)
    assert "its signature was not checked (AUDIT_PUBLIC_KEY is not set)" in out


def test_a_checkpoint_of_an_empty_log_is_extended_by_any_chain(tmp_path):
    kept = _keep(tmp_path)
    assert json.loads((tmp_path / "kept.json").read_text())["head"] is None
    _record(2)
    assert "The chain extends the checkpoint issued" in _verify(checkpoint=kept)


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (None, "Cannot read the checkpoint"),
        ("not json", "is not a checkpoint"),
        ('{"format": "something else"}', "is not a checkpoint"),
        ('{"format": "warstatus-audit-checkpoint/2", "head": {"id": "7"}}', "integer id"),
    ],
)
def test_a_checkpoint_that_cannot_be_read_is_a_sentence_not_a_traceback(tmp_path, content, says):
    path = tmp_path / "kept.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(CommandError, match=says):
        _verify(checkpoint=str(path))


def test_a_checkpoint_can_be_fetched_from_a_mirror_by_url(httpserver, tmp_path):
    _record(2)
    _keep(tmp_path)
    httpserver.expect_request("/checkpoint.json").respond_with_json(checkpoints.newest_signed())
    chains_head = AuditEntry.objects.order_by("-id").first()
    out = _verify(checkpoint=httpserver.url_for("/checkpoint.json"))
    assert f"(at entry {chains_head.pk})" in out


def test_an_unreachable_checkpoint_url_is_named():
    with pytest.raises(CommandError, match="Cannot fetch the checkpoint http://127.0.0.1:9/"):
        _verify(checkpoint="http://127.0.0.1:9/checkpoint.json")


# --- Where checkpoints are published ---------------------------------------------------


def test_the_checkpoint_endpoint_names_the_head_signed_public_and_in_one_query(
    client, django_assert_num_queries, tmp_path
):
    entries = _record(3)
    _keep(tmp_path)
    with django_assert_num_queries(1):
        response = client.get("/api/audit/checkpoint.json")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=30"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Set-Cookie" not in response
    document = response.json()
    assert document["head"]["id"] == entries[-1].pk
    assert document["head"]["hash"] == entries[-1].hash
    assert document["signature"].startswith("ed25519:")
    assert checkpoints.signature_problem(checkpoints.parse(document)) == ""


def test_the_checkpoint_endpoint_answers_for_an_empty_log(client, tmp_path):
    _keep(tmp_path)
    response = client.get("/api/audit/checkpoint.json")
    assert response.status_code == 200
    assert response.json()["head"] is None


def test_the_checkpoint_endpoint_refuses_writes_and_ignores_odd_queries(client, tmp_path):
    _keep(tmp_path)
    assert client.post("/api/audit/checkpoint.json").status_code == 405
    odd = client.get("/api/audit/checkpoint.json?page=%00&head=<script>&x=" + "9" * 5000)
    assert odd.status_code == 200


def test_with_the_database_down_the_endpoint_serves_the_last_checkpoint_signed(client, tmp_path):
    entries = _record(2)
    _keep(tmp_path)
    assert client.get("/api/audit/checkpoint.json").status_code == 200
    with database_down():
        response = client.get("/api/audit/checkpoint.json")
    assert response.status_code == 200
    assert response.json()["head"]["id"] == entries[-1].pk


def test_each_feed_entry_carries_its_id_and_hash_in_the_chain(client):
    entries = _record(3, public=True)
    response = client.get("/feeds/updates.xml")
    root = ElementTree.fromstring(response.content)  # still well-formed XML
    anchors = [
        item.find(f"{{{CHAIN_NAMESPACE}}}chain").attrib for item in root.iter(f"{ATOM}entry")
    ]
    assert anchors == [
        {"entry": str(e.pk), "hash": e.hash} for e in sorted(entries, key=lambda e: -e.pk)
    ]


def test_the_feed_reads_the_hashes_with_the_entries_not_one_query_each(
    client, django_assert_max_num_queries
):
    _record(10, public=True)
    with django_assert_max_num_queries(4):
        client.get("/feeds/updates.xml")
