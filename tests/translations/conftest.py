import pytest
from django.core.management import call_command

from status.models import Verdict


@pytest.fixture
def launched(db) -> Verdict:
    """The launch content, its verdict translated into every language (not yet reviewed)."""
    call_command("load_launch_content", verbosity=0)
    return Verdict.objects.current()
