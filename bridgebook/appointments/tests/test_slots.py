"""The free times the booking pages offer: cut from the windows staff publish, stepping past
what is booked (with the member of staff or the family), longer for a family who needs an
interpreter, same-language blocks offered first and only to families of that language."""

import datetime

import pytest
import time_machine

from bridgebook.appointments.selectors import by_day, find_slot, free_slots, meeting_staff
from bridgebook.appointments.tests.helpers import (
    LONDON,
    THURSDAY,
    TODAY,
    TUESDAY,
    at,
    book_for,
    settings_for,
    window,
)
from bridgebook.people.models import PupilContact


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def times(world, contact, staff=None, **kwargs) -> list[str]:
    staff = staff or world.class_teacher
    return [f"{slot.starts_at.astimezone(LONDON):%a %H:%M}-{slot.ends_at.astimezone(LONDON):%H:%M}"
            for slot in free_slots(school=world.school, staff_ids=[staff.pk],
                                   contacts=[contact], **kwargs)[staff.pk]]


def test_a_window_is_cut_into_meetings(world):
    window(world, end=(16, 30))
    assert times(world, world.separated_contact) == ["Tue 15:30-15:50", "Tue 15:50-16:10",
                                                     "Tue 16:10-16:30"]


def test_a_family_who_needs_an_interpreter_gets_longer_meetings(world):
    settings_for(world, interpreter_extra_minutes=15)
    window(world, end=(16, 50))
    assert times(world, world.parent_contact) == ["Tue 15:30-16:05", "Tue 16:05-16:40"]


def test_booked_times_are_not_offered(world):
    window(world, end=(16, 30))
    book_for(world, world.parent_contact, starts=at(TUESDAY, 15, 40), minutes=20)
    # Layla's meeting 15:40-16:00 takes the first two: the next starts when it ends.
    assert times(world, world.separated_contact) == ["Tue 16:00-16:20"]


def test_the_familys_own_meetings_with_others_are_not_offered(world):
    window(world, end=(16, 10))
    book_for(world, world.separated_contact, staff=world.senco, starts=at(TUESDAY, 15, 30))
    assert times(world, world.separated_contact) == ["Tue 15:50-16:10"]
    assert times(world, world.parent_contact)[:1] == ["Tue 15:30-16:05"]


def test_same_language_blocks_first_and_only_for_that_language(world):
    window(world)
    window(world, day=THURSDAY, language="ar", interpreter="Samira Haddad")
    window(world, day=datetime.date(2026, 3, 6), language="pl")
    layla = times(world, world.parent_contact)
    assert layla[0] == "Thu 15:30-16:05"
    assert not any(item.startswith("Fri") for item in layla)
    omar = times(world, world.separated_contact)
    assert omar and all(item.startswith("Tue") for item in omar)
    days = by_day(free_slots(school=world.school, staff_ids=[world.class_teacher.pk],
                             contacts=[world.parent_contact])[world.class_teacher.pk], LONDON)
    assert [day for day, _slots in days] == [TUESDAY, THURSDAY]


def test_past_times_are_not_offered_and_a_chosen_time_must_still_be_free(world):
    window(world, day=datetime.date(2026, 3, 2), start=(8, 0), end=(10, 0))
    assert times(world, world.separated_contact) == ["Mon 09:20-09:40", "Mon 09:40-10:00"]
    key = free_slots(school=world.school, staff_ids=[world.class_teacher.pk],
                     contacts=[world.separated_contact])[world.class_teacher.pk][0].key
    assert find_slot(key, school=world.school, staff_id=world.class_teacher.pk,
                     contacts=[world.separated_contact]) is not None
    assert find_slot("1-2", school=world.school, staff_id=world.class_teacher.pk,
                     contacts=[world.separated_contact]) is None


def test_who_a_family_can_meet(world):
    for member in (world.class_teacher, world.other_teacher, world.therapist, world.office,
                   world.other_school_staff):
        window(world, member)
    names = [member.full_name for member in meeting_staff(world.pupil)]
    # Amira's class teacher and the therapist; not Class B's teacher, not the office.
    assert names == ["Cara Teacher", "Tia Therapist"]
    # A member of staff who is the restricted contact is never offered.
    PupilContact.objects.filter(contact=world.restricted_contact).update(is_restricted=True)
    world.restricted_contact.user = world.therapist
    world.restricted_contact.save(update_fields=["user"])
    assert [m.full_name for m in meeting_staff(world.pupil)] == ["Cara Teacher"]
    # The care worker of her residential group, once he publishes a time; never Ben's.
    window(world, world.residential)
    assert "Rhys Residential" in [m.full_name for m in meeting_staff(world.pupil)]
    assert "Rhys Residential" not in [m.full_name for m in meeting_staff(world.pupil_b)]


def test_staff_a_court_order_keeps_from_the_child_by_email_are_never_offered(world):
    """Review P1-4: Rex's contact record has no account but carries the therapist's email
    address (in other capitals): the access layer keeps Amira from her, so families are
    never offered her."""
    from bridgebook.core.access import users_kept_from

    window(world, world.class_teacher)
    window(world, world.therapist)
    world.restricted_contact.user = None
    world.restricted_contact.email = world.therapist.email.upper()
    world.restricted_contact.save(update_fields=["user", "email"])
    assert set(users_kept_from(world.pupil)) == {world.therapist.pk}
    assert [m.full_name for m in meeting_staff(world.pupil)] == ["Cara Teacher"]
    # Her own account as the contact's, as before.
    world.restricted_contact.email = ""
    world.restricted_contact.user = world.class_teacher
    world.restricted_contact.save(update_fields=["user", "email"])
    assert set(users_kept_from(world.pupil)) == {world.class_teacher.pk}
    assert [m.full_name for m in meeting_staff(world.pupil)] == ["Tia Therapist"]


def test_a_place_in_her_class_or_group_without_its_role_is_not_offered(world):
    """Otto, Class B's teacher, put in Amira's residential group (and Amira's class) though
    he holds no residential role, and Rhys, no longer residential staff, do not see Amira
    (``core.access``), so her family is not offered them."""
    from bridgebook.core.models import Role, StaffRole
    from bridgebook.people.models import ResidentialStaff

    ResidentialStaff.objects.create(group=world.residential_group, user=world.other_teacher)
    for member in (world.class_teacher, world.other_teacher, world.residential):
        window(world, member)
    assert [m.full_name for m in meeting_staff(world.pupil)] == ["Cara Teacher",
                                                                 "Rhys Residential"]
    StaffRole.objects.filter(user=world.residential, school=world.school).update(
        role=Role.TEACHING_ASSISTANT)
    assert [m.full_name for m in meeting_staff(world.pupil)] == ["Cara Teacher"]
