"""Every contact test runs on a school morning (Tuesday 3 March 2026, 10:00 in London, the
clock ticking): "today's visits", "in ten minutes" and "this term" mean the same whatever
the time the suite is run (a visit planned ten minutes before midnight is tomorrow's)."""

import datetime
import zoneinfo

import pytest
import time_machine

MORNING = datetime.datetime(2026, 3, 3, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def _a_school_morning():
    with time_machine.travel(MORNING, tick=True):
        yield
