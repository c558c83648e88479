"""The launch command as deployments run it: into a new site only."""

import pytest
from django.core.management import call_command

from explainers.models import Explainer

pytestmark = pytest.mark.django_db


def test_a_deploy_does_not_bring_back_launch_pages_editors_deleted():
    call_command("load_launch_content", "--if-empty", verbosity=0)
    launched = Explainer.objects.count()
    assert launched >= 5
    Explainer.objects.filter(slug="article-5").delete()
    call_command("load_launch_content", "--if-empty", verbosity=0)  # the next deploy
    assert Explainer.objects.count() == launched - 1
    assert not Explainer.objects.filter(slug="article-5").exists()
    call_command("load_launch_content", verbosity=0)  # by hand, without the flag: restored
    assert Explainer.objects.filter(slug="article-5").exists()
