"""Published explainers and FAQ answers need a source readers can open from a primary
source or a reputable outlet: the tests' pages cite NATO, which the outlet list knows."""

import pytest

from tests.status.factories import NATO_SOURCE, nato

SOURCED = {"sources": [NATO_SOURCE]}


@pytest.fixture(autouse=True)
def nato_outlet(db):
    return nato()
