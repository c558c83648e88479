"""The explainer form shows the services' rules as messages beside the fields."""

import pytest

from explainers.models import Explainer
from tests.factories import EDITORS, make_user, signed_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("title", ["Article 5\x0bexplained", "Article 5\nexplained", "A\u2028B"])
def test_a_title_with_a_pasted_line_break_is_a_form_error_and_the_form_is_kept(title):
    editor = signed_in(make_user(role=EDITORS))
    response = editor.post(
        "/admin/explainers/explainer/add/",
        {
            "title": title,
            "slug": "article-5",
            "summary": "The clause.",
            "body": "An attack on one is an attack on all.",
            "state": "draft",
            "publish_at_0": "",
            "publish_at_1": "",
            "unpublish_at_0": "",
            "unpublish_at_1": "",
            "order": 0,
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "must be one line" in page
    assert "An attack on one is an attack on all." in page  # the editor's text is kept
    assert not Explainer.objects.exists()
