import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

LONDON = ZoneInfo("Europe/London")
# Tuesday 24 November 2026, 10:00 in London (GMT): inside everyone's default working hours.
TUESDAY_10 = datetime.datetime(2026, 11, 24, 10, 0, tzinfo=LONDON)


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A London time in the week of Monday 23 November 2026 (day 0 = Monday)."""
    date = datetime.date(2026, 11, 23) + datetime.timedelta(days=day)
    return datetime.datetime.combine(date, datetime.time(hour, minute), tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _in_working_hours():
    """Announcements are sent on a Tuesday morning unless a test travels elsewhere, so
    whether email and text wait for working hours never depends on when the tests run."""
    with time_machine.travel(TUESDAY_10, tick=True):
        yield


@pytest.fixture
def eal_teacher(world):
    from bridgebook.core.models import Role
    from bridgebook.core.tests.factories import staff

    return staff(world.school, Role.EAL_TEACHER, full_name="Eda Eal",
                 email="eda@mapledown.example")


@pytest.fixture
def polish_family(world):
    """Zofia in Class A, whose parents (one household, no accounts) read Polish."""
    from bridgebook.people.tests.factories import (
        ContactFactory,
        HouseholdFactory,
        PupilContactFactory,
        PupilFactory,
    )

    home = HouseholdFactory(school=world.school, address_line_1="3 Oak Lane")
    zofia = PupilFactory(school=world.school, school_class=world.class_a,
                         legal_first_name="Zofia", legal_last_name="Nowak")
    parents = []
    for first in ("Anna", "Piotr"):
        contact = ContactFactory(school=world.school, first_name=first, last_name="Nowak",
                                 email=f"{first.lower()}@nowak.example", household=home,
                                 language="pl")
        PupilContactFactory(pupil=zofia, contact=contact, relationship="PAM")
        parents.append(contact)
    return parents
