"""The SENCO's pages cost the same number of queries however many pupils, reviews,
invitees and papers there are."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bridgebook.conftest import signed_in
from bridgebook.people.tests.factories import PupilFactory
from bridgebook.reviews.models import EhcpRecord, Invitee, PaperOpening
from bridgebook.reviews.tests.factories import paper_for, review_for


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def pupils_with_reviews(world, n: int) -> None:
    """``n`` more pupils with a plan in class A, each with a booked review, an invitee and
    a paper someone opened."""
    for i in range(n):
        pupil = PupilFactory(school=world.school, school_class=world.class_a, has_ehcp=True,
                             legal_first_name=f"Pupil{i}")
        EhcpRecord.objects.create(pupil=pupil, last_review_on=datetime.date(2026, 1, 10 + i))
        review = review_for(pupil, meets_at=timezone.now() + datetime.timedelta(days=20 + i),
                            held_on=None)
        Invitee.objects.create(review=review, kind=Invitee.Kind.OTHER, name=f"Dr {i}")
        PaperOpening.objects.create(paper=paper_for(review), user=world.senco)


def test_the_calendar_costs_the_same_for_one_pupil_or_ten(world):
    url = reverse("reviews:calendar", args=[world.school.urn])
    client = signed_in(world.senco)
    pupils_with_reviews(world, 1)
    small = count(client, url)
    pupils_with_reviews(world, 9)
    assert count(client, url) == small


def test_the_compliance_page_costs_the_same_for_one_review_or_ten(world):
    url = reverse("reviews:compliance")
    client = signed_in(world.senco)
    pupils_with_reviews(world, 1)
    small = count(client, url)
    pupils_with_reviews(world, 9)
    assert count(client, url) == small


def test_a_review_page_costs_the_same_for_one_invitee_and_paper_or_many(world):
    review = review_for(world.pupil, meets_at=timezone.now() + datetime.timedelta(days=20))
    url = reverse("reviews:review", args=[review.pk])
    client = signed_in(world.senco)

    def grow(n):
        for i in range(n):
            Invitee.objects.create(review=review, kind=Invitee.Kind.HEALTH, name=f"Dr {i}")
            paper = paper_for(review, title=f"Advice {i}")
            PaperOpening.objects.create(paper=paper, user=world.senco)
            PaperOpening.objects.create(paper=paper, user=world.class_teacher)

    grow(1)
    small = count(client, url)
    grow(8)
    assert count(client, url) == small
