"""Fixtures shared by the core tests."""

from tests.core.bombs import bomb_server
from tests.core.trickle import trickle

__all__ = ["bomb_server", "trickle"]
