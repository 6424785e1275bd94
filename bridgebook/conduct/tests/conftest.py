import pytest

from bridgebook.conduct.tests.factories import senior_leader_at


@pytest.fixture
def senior_leader(world):
    """Sian, a deputy head: the senior leader role at Mapledown."""
    return senior_leader_at(world.school)
