"""The issue's "done when", on the demo trust: Willow class's timetable reaches every
family (Amira's parents, who live apart, each their own copy; Zara's aunt, an emergency
contact only, nothing), with therapy, swimming and a trip, and Amira's own change."""

from io import StringIO

import pytest
from django.core.management import call_command

from bridgebook.core.models import AuditEvent, School
from bridgebook.messaging.models import Message
from bridgebook.people.models import PupilContact, SchoolClass
from bridgebook.timetables.models import (
    TIMETABLE,
    Kind,
    Timetable,
    TimetableSending,
    Variation,
)
from bridgebook.timetables.selectors import pupil_week


@pytest.fixture
def willow(db):
    call_command("seed_demo", stdout=StringIO())
    school = School.objects.get(name__startswith="Mapledown")
    return SchoolClass.objects.get(school=school, name="Willow")


def test_the_willow_timetable_reaches_every_family(willow):
    timetable = Timetable.objects.get(school_class=willow)
    kinds = set(timetable.sessions.values_list("kind", flat=True))
    assert {Kind.THERAPY, Kind.SWIMMING, Kind.TRIP, Kind.LESSON, Kind.BREAK} <= kinds
    assert set(timetable.sessions.values_list("weekday", flat=True)) == {0, 1, 2, 3, 4}
    sending = TimetableSending.objects.get(timetable=timetable)
    assert sending.whole_class and sending.sent_by.full_name == "Hannah Price"

    entitled = set(PupilContact.objects.entitled().filter(pupil__school_class=willow)
                   .values_list("contact_id", flat=True))
    told = list(Message.objects.filter(kind=TIMETABLE, source_id=sending.pk)
                .values_list("contact_id", flat=True))
    assert entitled and sorted(told) == sorted(entitled)      # every family, once each
    names = set(Message.objects.filter(kind=TIMETABLE).values_list(
        "contact__first_name", flat=True))
    assert {"Layla", "Omar", "Sadia", "Imran"} <= names
    assert "Rubina" not in names           # an emergency contact only hears nothing
    assert timetable.told_at is not None and not timetable.changed_since_told
    assert AuditEvent.objects.filter(object_type="timetable",
                                     summary__startswith="Sent Willow").exists()


def test_amira_has_therapy_instead_of_pe(willow):
    amira = willow.pupils.get(legal_first_name="Amira")
    variation = Variation.objects.get(pupil=amira)
    assert variation.replaces.what == "PE in the hall"
    _timetable, days = pupil_week(amira)
    tuesday = [item.what for item in days[1].items]
    assert "Speech and language therapy with Imogen" in tuesday
    assert "PE in the hall" not in tuesday
    assert "Swimming at the leisure centre" in tuesday


def test_seeding_again_changes_nothing(willow):
    before = (Message.objects.filter(kind=TIMETABLE).count(),
              Timetable.objects.get(school_class=willow).sessions.count())
    call_command("seed_demo", stdout=StringIO())
    assert (Message.objects.filter(kind=TIMETABLE).count(),
            Timetable.objects.get(school_class=willow).sessions.count()) == before
    assert TimetableSending.objects.count() == 1
