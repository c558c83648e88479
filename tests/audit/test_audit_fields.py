"""Every admin form that records a change asks the same two questions about it."""

import pytest

from audit.models import Action, AuditEntry
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_every_admin_form_asks_the_same_audit_questions_with_its_own_default(client):
    from explainers.services import save_explainer
    from tests.status.factories import make_indicators

    indicator = make_indicators(1)[0]
    explainer = save_explainer(user=None, slug="a5", title="Article 5", summary="s", body="b")
    client.force_login(make_user("root", superuser=True))
    # What readers see changes: notable unless the editor says otherwise.
    notable = {
        "/admin/explainers/explainer/add/": True,
        f"/admin/explainers/explainer/{explainer.pk}/change/": True,
        "/admin/explainers/question/add/": True,
        f"/admin/status/indicator/{indicator.pk}/change/": True,
        # Housekeeping: not notable unless the editor says so.
        "/admin/news/outlet/add/": False,
    }
    for url, by_default in notable.items():
        response = client.get(url)
        assert response.status_code == 200, url
        context = response.context
        form = context["adminform"].form if "adminform" in context else context["form"]
        field = form.fields["audit_public"]
        assert field.label == "Notable change (show on the public changelog)", url
        assert form["audit_public"].value() is by_default, url
        if "audit_note" in form.fields:  # an indicator's own note is its public note
            assert form.fields["audit_note"].label == "Public note", url
            assert form.fields["audit_note"].max_length == 500, url
    # A feed's settings never show on a public page: its form doesn't ask.
    feed_form = client.get("/admin/news/feed/add/").context["adminform"].form
    assert "audit_public" not in feed_form.fields


def test_an_faq_answer_saved_as_notable_carries_the_editors_note_to_the_changelog(client):
    from explainers.services import save_question
    from tests.status.factories import NATO_SOURCE, nato

    nato()
    question = save_question(
        user=None, slug="q", question="Q?", answer="A.", published=True, sources=[NATO_SOURCE]
    )
    client.force_login(make_user("root", superuser=True))
    response = client.post(
        f"/admin/explainers/question/{question.pk}/change/",
        {
            "question": "Q?",
            "slug": "q",
            "answer": "A, corrected.",
            "group": question.group,
            "group_order": "0",
            "order": "0",
            "published": "on",
            "expected_version": str(question.version),
            "audit_public": "on",
            "audit_note": "We corrected the answer.",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(action=Action.CHANGED).latest("id")
    assert (entry.public, entry.note) == (True, "We corrected the answer.")
