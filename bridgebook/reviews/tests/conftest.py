"""What the reviews tests share: the clock at 09:00 on Wednesday 2 December 2026, and the
local authority that holds the pupils' plans."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from bridgebook.reviews.models import LocalAuthority

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2026, 12, 2, 9, 0, tzinfo=LONDON)
MEETING = datetime.datetime(2027, 1, 12, 14, 0, tzinfo=LONDON)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def authority(world):
    return LocalAuthority.objects.create(school=world.school, name="Northmere Council",
                                         contact_name="Priya Shah",
                                         contact_email="send@northmere.example")
