"""The addresses warstatus/urls.py adds beside the apps': the one-time password pages."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

NEWSROOM = "warstatus newsroom"  # the admin site's header (warstatus/admin_site.py)


def test_the_password_pages_name_the_site_not_django(client, editor_client):
    out = StringIO()
    call_command("create_staff", "new@example.org", role=["editor"], stdout=out)
    link = re.search(r"https?://\S+/admin/password-set/\S+", out.getvalue()).group(0)
    form_page = client.get("/" + link.split("://", 1)[1].split("/", 1)[1], follow=True)
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "correct horse battery 42", "new_password2": "correct horse battery 42"},
        follow=True,
    )
    changing = editor_client.get("/admin/password_change/")
    for page in (form_page, done, changing):
        assert page.status_code == 200
        text = page.content.decode()
        assert "Django" not in text, page.request["PATH_INFO"]
        assert NEWSROOM in text and "warstatus admin</title>" in text
