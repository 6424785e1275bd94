"""The contact pages cost the same number of queries however many pupils, families,
records, follow-ups and visits there are."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bridgebook.conftest import signed_in
from bridgebook.contact.models import FollowUp, HomeVisit
from bridgebook.contact.tests.factories import record_for, term_around, visit_for
from bridgebook.people.models import ClassStaff
from bridgebook.people.tests.factories import (
    ContactFactory,
    HouseholdFactory,
    PupilContactFactory,
    PupilFactory,
)


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def families(world, n: int, school_class=None) -> None:
    """``n`` more pupils in class A (or ``school_class``), each with a parent at home,
    reached this term by a call with a follow-up, and a home visit."""
    for i in range(n):
        pupil = PupilFactory(school=world.school, school_class=school_class or world.class_a,
                             legal_first_name=f"Pupil{i}")
        home = HouseholdFactory(school=world.school, address_line_1=f"{i} Oak Lane")
        parent = ContactFactory(school=world.school, household=home, first_name=f"Parent{i}")
        PupilContactFactory(pupil=pupil, contact=parent)
        record = record_for(pupil, world.class_teacher, household=home, contact=parent)
        FollowUp.objects.create(record=record, what="Ring back", owner=world.therapist,
                                due_on=timezone.localdate())
        visit_for(pupil, home, lead=world.therapist, buddy=world.class_teacher,
                  alerted_at=timezone.now(), checked_in_at=timezone.now())


def test_the_class_page_costs_the_same_for_one_family_or_ten(world):
    # The queries: session, user, viewer, class, settings, term, pupils, entitled links
    # with contacts and households, records per family, open follow-ups with owners,
    # and the menu's.
    term_around(world.school)
    ClassStaff.objects.filter(user=world.class_teacher).update(is_class_teacher=True)
    url = reverse("contact:class", args=[world.class_a.pk])
    client = signed_in(world.class_teacher)
    families(world, 1)
    small = count(client, url)
    families(world, 9)
    assert count(client, url) == small


def test_the_school_page_costs_the_same_for_few_classes_or_many(world):
    # The queries: term, classes, class teachers, (class, pupil, household) families,
    # households reached, and the page's own (session, user, viewer, school, menu).
    term_around(world.school)
    url = reverse("contact:school", args=[world.school.urn])
    client = signed_in(world.principal)
    families(world, 1)
    small = count(client, url)
    families(world, 3, school_class=world.class_b)
    families(world, 5)
    assert count(client, url) == small


def test_the_pupil_log_costs_the_same_for_one_record_or_many(world):
    # Records with staff, contact and household; their follow-ups; the follow-ups' owners;
    # the visits with their staff.
    url = reverse("contact:pupil", args=[world.pupil.pk])
    client = signed_in(world.class_teacher)

    def grow(n):
        for _ in range(n):
            record = record_for(world.pupil, world.class_teacher,
                                household=world.parent_contact.household,
                                contact=world.parent_contact)
            FollowUp.objects.create(record=record, what="Ring back", owner=world.therapist,
                                    due_on=timezone.localdate())
            visit_for(world.pupil, world.parent_contact.household, lead=world.therapist,
                      buddy=world.class_teacher)

    grow(1)
    small = count(client, url)
    grow(8)
    assert count(client, url) == small


def test_the_phone_and_overdue_pages_cost_the_same_for_one_visit_or_many(world):
    client = signed_in(world.therapist)
    buddy = signed_in(world.class_teacher)
    families(world, 1)
    today, overdue = (count(client, reverse("contact:today")),
                      count(buddy, reverse("contact:overdue")))
    landing = count(buddy, reverse("contact:landing_alerts"))
    families(world, 6)
    assert HomeVisit.objects.count() == 7
    assert count(client, reverse("contact:today")) == today
    assert count(buddy, reverse("contact:overdue")) == overdue
    assert count(buddy, reverse("contact:landing_alerts")) == landing
