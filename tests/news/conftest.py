"""Fixtures shared by the news tests."""

from tests.core.trickle import trickle

__all__ = ["trickle"]
