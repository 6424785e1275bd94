"""Every concern page reads a fixed number of queries, however many concerns, entries or
staff there are: each page is read with 3 and with 10 and must cost the same."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bridgebook.concerns.models import ConcernEntry, Status
from bridgebook.concerns.tests.factories import concern_for
from bridgebook.conftest import signed_in
from bridgebook.core.models import Role
from bridgebook.core.tests.factories import staff
from bridgebook.people.tests.factories import ContactFactory, PupilContactFactory, PupilFactory

Kind = ConcernEntry.Kind


def _queries(client, url) -> int:
    assert client.get(url).status_code == 200          # warm the session and caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _concerns(world, rows: int) -> None:
    """``rows`` open concerns, each about its own pupil and family, some overdue."""
    for n in range(rows):
        pupil = PupilFactory(school=world.school, school_class=world.class_a,
                             residential_group=world.residential_group)
        contact = ContactFactory(school=world.school)
        PupilContactFactory(pupil=pupil, contact=contact, parental_responsibility=True)
        concern_for(pupil, contact, handler=world.class_teacher if n % 2 else None,
                    status=Status.ACKNOWLEDGED if n % 2 else Status.RAISED)


def _entries(concern, world, rows: int) -> None:
    people = [world.class_teacher, world.principal,
              staff(world.school, Role.SENIOR_LEADER)]
    for n in range(rows):
        ConcernEntry.objects.create(concern=concern, kind=[Kind.UPDATE, Kind.NOTE][n % 2],
                                    author=people[n % 3], text=f"Step {n}")


@pytest.mark.parametrize("name", ["principal", "class_teacher"])
def test_the_schools_concerns(world, name):
    counts = []
    for rows in (3, 7):
        _concerns(world, rows)
        counts.append(_queries(signed_in(getattr(world, name)),
                               reverse("concerns:school", args=[world.school.urn])))
    assert counts[0] == counts[1]


def test_a_childs_concerns(world):
    counts = []
    for rows in (3, 7):
        for _n in range(rows):
            concern_for(world.pupil, world.parent_contact, handler=world.class_teacher)
        counts.append([_queries(signed_in(user), reverse("concerns:pupil",
                                                         args=[world.pupil.pk]))
                       for user in (world.class_teacher, world.parent)])
    assert counts[0] == counts[1]


@pytest.mark.parametrize("name", ["principal", "class_teacher", "senco", "parent"])
def test_one_concern(world, name, senior_leader):
    concern = concern_for(world.pupil, world.parent_contact, status=Status.ACKNOWLEDGED,
                          handler=world.class_teacher, wants_meeting=True)
    counts = []
    for rows in (3, 7):
        _entries(concern, world, rows)
        for _n in range(rows):
            staff(world.school, Role.SENIOR_LEADER)
        counts.append(_queries(signed_in(getattr(world, name)),
                               reverse("concerns:concern", args=[concern.pk])))
    assert counts[0] == counts[1]


def test_the_principals_page_in_detail(world, django_assert_num_queries):
    """What the leaders' page reads, after the staff page frame."""
    from bridgebook.core.tests.queries import STAFF_FRAME

    _concerns(world, 4)
    client = signed_in(world.principal)
    url = reverse("concerns:school", args=[world.school.urn])
    assert client.get(url).status_code == 200
    # STAFF_FRAME, the school, the open concerns with pupil, class, group, family member
    # and who deals with each; the year's concerns; the school's terms
    with django_assert_num_queries(STAFF_FRAME + 4):
        assert client.get(url).status_code == 200
