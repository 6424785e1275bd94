"""The targets pages cost the same number of queries however many outcomes, targets,
progress records, strategies and pieces of evidence a pupil has."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bridgebook.conftest import signed_in
from bridgebook.diary.tests.factories import EntryFactory
from bridgebook.targets.models import Evidence, Progress, Strategy
from bridgebook.targets.tests.factories import outcome_for, target_for


def grow(world, n: int):
    """``n`` more outcomes, each with two targets with progress and evidence, and ``n``
    more strategies."""
    for i in range(n):
        outcome = outcome_for(world.pupil, text=f"Outcome {i}")
        for j in range(2):
            target = target_for(world.pupil, outcome=outcome, text=f"Target {i}.{j}")
            Progress.objects.create(target=target, step=j, recorded_on=datetime.date(2026, 1, 5))
            evidence = Evidence.objects.create(pupil=world.pupil, source="home",
                                               from_family=True, author=world.parent,
                                               household=world.parent_contact.household,
                                               note=f"At home {i}",
                                               happened_on=datetime.date(2026, 1, 6))
            evidence.targets.add(target)
        Strategy.objects.create(pupil=world.pupil, text=f"Strategy {i}")


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_plan_page_costs_the_same_for_one_target_or_twenty(world):
    url = reverse("targets:pupil", args=[world.pupil.pk])
    for user in (world.parent, world.class_teacher):
        grow(world, 1)
        client = signed_in(user)
        small = count(client, url)
        grow(world, 10)
        assert count(client, url) == small, user


def test_a_target_page_costs_the_same_for_one_piece_of_evidence_or_many(world):
    target = target_for(world.pupil)
    url = reverse("targets:target", args=[target.pk])
    client = signed_in(world.parent)
    Progress.objects.create(target=target, step=1, recorded_on=datetime.date(2026, 1, 5))
    small = count(client, url)
    for day in range(2, 20):
        entry = EntryFactory(pupil=world.pupil, author=world.class_teacher)
        evidence = Evidence.objects.create(pupil=world.pupil, source="book", entry=entry,
                                           happened_on=datetime.date(2026, 1, day))
        evidence.targets.add(target)
        Progress.objects.create(target=target, step=day % 5,
                                recorded_on=datetime.date(2026, 1, day))
    assert count(client, url) == small


def test_tags_on_the_class_day_page_cost_the_same_for_one_pupil_or_several(world):
    from bridgebook.people.tests.factories import PupilFactory

    url = reverse("diary:class_day", args=[world.class_a.pk])
    client = signed_in(world.class_teacher)
    target_for(world.pupil)
    EntryFactory(pupil=world.pupil, author=world.class_teacher, date=datetime.date.today())
    small = count(client, url)
    for _i in range(4):
        pupil = PupilFactory(school=world.school, school_class=world.class_a)
        target_for(pupil)
        EntryFactory(pupil=pupil, author=world.class_teacher, date=datetime.date.today())
    assert count(client, url) == small


def test_the_engagement_page_costs_the_same_for_one_note_or_many(world, settings):
    from bridgebook.targets.models import EngagementNote, Plan

    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}   # Layla reads Arabic
    target = target_for(world.pupil)
    Plan.objects.filter(pupil=world.pupil).update(engagement_model=True)
    url = reverse("targets:engagement", args=[world.pupil.pk])
    client = signed_in(world.parent)

    def note(i):
        EngagementNote.objects.create(pupil=world.pupil, area="exploration", target=target,
                                      note=f"Explored the sand tray {i}",
                                      noticed_on=datetime.date(2026, 1, 5))
    note(0)
    small = count(client, url)
    for i in range(1, 7):
        note(i)
    assert count(client, url) == small
