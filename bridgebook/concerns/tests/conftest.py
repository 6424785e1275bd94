"""Concerns are tested on a school day (Tuesday 3 March 2026, 10:00 in London, the clock
ticking), so "two school days" means the same whenever the suite runs; and with the local
translation backend, which marks a translation "[pl] …", so what is machine translated
shows."""

import datetime
import zoneinfo

import pytest
import time_machine

from bridgebook.core.models import Role
from bridgebook.core.tests.factories import staff
from bridgebook.translation.services import forget_failures

MORNING = datetime.datetime(2026, 3, 3, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/London"))
LOCAL = {"BACKEND": "local", "OPTIONS": {}}


@pytest.fixture(autouse=True)
def _a_school_morning():
    with time_machine.travel(MORNING, tick=True):
        yield


@pytest.fixture(autouse=True)
def _translating(settings):
    settings.BRIDGEBOOK_TRANSLATION = LOCAL
    forget_failures()


@pytest.fixture
def senior_leader(world):
    """Mapledown's deputy head, Dee, a senior leader."""
    return staff(world.school, Role.SENIOR_LEADER, full_name="Dee Deputy",
                 email="dee@mapledown.example")
