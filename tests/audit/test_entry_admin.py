"""Audit entries are read-only in the admin for everyone, superusers included."""

import pytest

from audit import services as audit
from audit.models import Action, AuditEntry

pytestmark = pytest.mark.django_db


def test_nobody_can_add_change_or_delete_an_entry(superuser_client):
    entry = audit.record(actor=None, action=Action.CHANGED, summary="Original summary")
    base = "/admin/audit/auditentry/"
    assert superuser_client.get(f"{base}add/").status_code == 403
    assert superuser_client.post(f"{base}add/", {"summary": "forged"}).status_code == 403
    superuser_client.post(f"{base}{entry.pk}/change/", {"summary": "rewritten"})
    assert superuser_client.post(f"{base}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    response = superuser_client.post(
        base, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    )
    assert response.status_code in (200, 302)
    assert AuditEntry.objects.get(action=Action.CHANGED).summary == "Original summary"


@pytest.mark.parametrize("count", [1, 200])
def test_the_entry_list_makes_no_per_row_queries(
    superuser_client, django_assert_max_num_queries, count
):
    for n in range(count):
        audit.record(actor=None, action=Action.CHANGED, summary=f"Change {n}")
    with django_assert_max_num_queries(12):
        response = superuser_client.get("/admin/audit/auditentry/?action__exact=changed")
    assert response.status_code == 200
    assert response.content.decode().count("Change ") >= min(count, 50)
