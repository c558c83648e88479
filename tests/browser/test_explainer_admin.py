"""An explainer's address in the admin: filled from the title as the editor types it,
never rewritten once the editor has typed an address of her own or the page is saved."""

import pytest

from tests.browser.conftest import make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_slug_follows_the_title_until_the_editor_types_her_own(signed_in):
    make_staff("Editors", "ed")
    page = signed_in("ed")
    page.goto("/admin/explainers/explainer/add/")
    title, slug = page.locator("#id_title"), page.locator("#id_slug")
    title.press_sequentially("What Article 4 means")
    assert slug.input_value() == "what-article-4-means"

    # An address she typed herself stays, whatever the title becomes.
    slug.fill("article-4")
    slug.dispatch_event("change")
    title.press_sequentially(" for allies")
    assert slug.input_value() == "article-4"


def test_a_saved_explainers_slug_is_not_rewritten_from_an_edited_title(signed_in):
    from explainers.models import Explainer

    make_staff("Editors", "ed")
    page = signed_in("ed")
    page.goto("/admin/explainers/explainer/add/")
    page.locator("#id_title").press_sequentially("Article 4")
    page.fill("#id_summary", "What consultations under Article 4 are.")
    page.fill("#id_body", "Any ally may ask for consultations.")
    with page.expect_navigation():
        page.locator("input[name=_continue]").click()
    explainer = Explainer.objects.get()
    assert explainer.slug == "article-4"
    # Its address is public: a new title does not move it.
    page.locator("#id_title").press_sequentially(": consultations among allies")
    assert page.locator("#id_slug").input_value() == "article-4"
