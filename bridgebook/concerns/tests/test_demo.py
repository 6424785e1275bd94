"""The demo: Agnieszka raised a concern in Polish about Zofia; it was acknowledged within
Mapledown's two school days, passed to a senior leader and resolved with her agreement;
Beatriz's concern for Lantern House's residential staff is overdue; a second run changes
nothing."""

import pytest
from django.urls import reverse
from django.utils import timezone

from bridgebook.concerns.deadlines import SchoolCalendar
from bridgebook.concerns.demo import seed_demo_concerns
from bridgebook.concerns.models import CONCERN_NOTICE, Addressed, Concern, ConcernSettings, Status
from bridgebook.conftest import signed_in
from bridgebook.core.models import Role, School, User
from bridgebook.core.registry import site
from bridgebook.messaging.models import Message


@pytest.fixture
def mapledown(db, django_capture_on_commit_callbacks) -> School:
    site.demo_seeders["people"].seed()
    with django_capture_on_commit_callbacks(execute=True):
        made = seed_demo_concerns()
    assert made == {"concerns": 2}
    return School.objects.get(urn="100001")


def test_agnieszkas_concern_in_polish_was_escalated_and_resolved_with_her_agreement(mapledown):
    concern = Concern.objects.select_related("contact", "pupil", "handler").get(
        pupil__legal_first_name="Zofia")
    assert concern.contact.full_name == "Agnieszka Nowak"
    assert concern.language == "pl" and "jadalni" in concern.text
    assert concern.addressed_to == Addressed.CLASS and concern.wants_meeting
    # Acknowledged within the school's time (two school days).
    rules = ConcernSettings.objects.get(school=mapledown)
    assert rules.acknowledge_within_days == 2 and rules.complaints_procedure_url
    acknowledged = timezone.localdate(concern.acknowledged_at, mapledown.tz)
    assert acknowledged <= concern.acknowledge_by
    assert concern.acknowledge_by == SchoolCalendar.for_school(mapledown).add(
        timezone.localdate(concern.raised_at, mapledown.tz), 2)
    assert concern.acknowledged_by.full_name == "Marcus Reid"
    # Escalated to the senior leader, and resolved with Agnieszka's agreement.
    helen = User.objects.get(full_name="Helen Brooks")
    assert helen.staff_roles.filter(school=mapledown, role=Role.SENIOR_LEADER).exists()
    assert concern.escalated_at and concern.handler == helen
    assert concern.status == Status.RESOLVED
    kinds = list(concern.entries.values_list("kind", flat=True))
    assert kinds == ["acknowledged", "update", "proposal", "not_resolved", "escalated", "note",
                     "note", "update", "proposal", "agreed"]
    # Marcus's reason for passing it on is a note for staff, not on the step she reads.
    escalated = concern.entries.get(kind="escalated")
    assert escalated.text == "" and escalated.named == helen
    agreed = concern.entries.get(kind="agreed")
    assert agreed.from_family and agreed.language == "pl"
    times = [entry.created_at for entry in concern.entries.all()]
    assert times == sorted(times) and times[-1] < timezone.now()
    assert concern.raised_at < concern.acknowledged_at < concern.escalated_at \
        < concern.resolved_at
    # Her own copy of each step she was told of, in Polish; Piotr, in the same home, none.
    told = Message.objects.filter(kind=CONCERN_NOTICE, contact=concern.contact)
    assert told.count() == 6 and {m.language for m in told} == {"pl"}
    assert not Message.objects.filter(kind=CONCERN_NOTICE,
                                      contact__first_name="Piotr").exists()


def test_lucas_concern_for_the_residential_staff_is_overdue(mapledown):
    concern = Concern.objects.get(pupil__legal_first_name="Lucas")
    assert concern.addressed_to == Addressed.RESIDENTIAL and concern.language == "pt"
    assert concern.pupil.residential_group.name == "Lantern House"
    assert concern.is_overdue(timezone.localdate(timezone.now(), mapledown.tz))
    tom = User.objects.get(full_name="Tom Fairley")
    assert tom.staff_roles.get().role == Role.RESIDENTIAL
    page = signed_in(tom).get(reverse("concerns:concern", args=[concern.pk]))
    assert page.status_code == 200 and "Acknowledge and tell the family" in page.content.decode()


def test_the_principal_and_the_families_read_it(mapledown):
    principal = User.objects.get(full_name="Daniel Okafor")
    page = signed_in(principal).get(reverse("concerns:school", args=[mapledown.urn]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "1 concern was not acknowledged in time." in text
    assert "Resolved by a senior leader" in text
    zofia = Concern.objects.get(pupil__legal_first_name="Zofia")
    agnieszka = zofia.contact.user or User.objects.create_user(
        email="agnieszka.demo@example.org", full_name="Agnieszka Nowak")
    if zofia.contact.user_id is None:
        zofia.contact.user = agnieszka
        zofia.contact.save(update_fields=["user"])
    page = signed_in(agnieszka).get(reverse("concerns:concern", args=[zofia.pk]))
    assert page.status_code == 200 and "Zofia od tygodnia" in page.content.decode()


def test_seeding_again_changes_nothing(mapledown):
    assert seed_demo_concerns() == {"concerns": 0}
    assert Concern.objects.filter(school=mapledown).count() == 2
