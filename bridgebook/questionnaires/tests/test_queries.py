"""Query counts of the answering page, the family landing page's row and the comparison:
the same however many questions and answers there are."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bridgebook.conftest import signed_in
from bridgebook.core.access import viewer_for
from bridgebook.core.tests.queries import FAMILY_FRAME, STAFF_FRAME
from bridgebook.questionnaires import actions, selectors
from bridgebook.questionnaires.models import Kind, Question
from bridgebook.questionnaires.tests.conftest import request_for

pytestmark = pytest.mark.django_db


def answer_all(sent, contact, user, *, upto: int, send: bool = False):
    item = request_for(sent, contact)
    for question in Question.objects.filter(pk__in=sent.question_ids[:upto]):
        if question.kind == Kind.TEXT:
            choices, text = [], f"Words for {question.pk}"
        elif question.kind == Kind.SCALE:
            choices, text = ["3"], "and a note"
        else:
            choices, text = [question.options[0]["key"]], ""
        actions.do_save_answer(request=item, question=question, acting_user=user,
                               choices=choices, text=text)
    if send:
        actions.do_send_to_school(request=item, acting_user=user)
    return item


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_answering_page(world, sent, django_assert_num_queries):
    item = answer_all(sent, world.parent_contact, world.parent, upto=3)
    client = signed_in(world.parent)
    url = reverse("questionnaires:step", args=[item.pk, 2])
    client.get(url)
    # The request with its round, template, pupil and contact (entitlement checked in the
    # same query); the round's questions; the request's answers with their recordings.
    with django_assert_num_queries(FAMILY_FRAME + 3):
        client.get(url)
    answer_all(sent, world.parent_contact, world.parent, upto=len(sent.question_ids))
    assert count(client, url) == FAMILY_FRAME + 3
    check = reverse("questionnaires:check", args=[item.pk])
    assert count(client, check) == FAMILY_FRAME + 3


def test_the_family_landing_row(world, template, sent, django_assert_num_queries):
    viewer = viewer_for(world.parent)
    pupils = [world.pupil.pk, world.pupil_b.pk]
    with django_assert_num_queries(1):      # one flat count over the children
        assert selectors.waiting_counts(viewer, pupils) == {world.pupil.pk: 1}
    for number in range(3):
        actions.do_send_round(school=world.school, template=template,
                              acting_user=world.senco, name=f"Round {number}",
                              sent_on=datetime.date(2026, 10, 1 + number),
                              pupils=[world.pupil])
    with django_assert_num_queries(1):
        assert selectors.waiting_counts(viewer, pupils) == {world.pupil.pk: 4}
    page = signed_in(world.parent).get("/").content.decode()
    assert "4 to answer" in page


def test_the_comparison(world, template, sent):
    later = actions.do_send_round(school=world.school, template=template,
                                  acting_user=world.senco, name="Spring",
                                  sent_on=datetime.date(2027, 2, 1), pupils=[world.pupil])
    answer_all(sent, world.parent_contact, world.parent, upto=3, send=True)
    answer_all(later, world.parent_contact, world.parent, upto=3, send=True)
    client = signed_in(world.senco)
    url = reverse("questionnaires:compare", args=[world.pupil.pk])
    client.get(url)
    # The pupil (with the family's needs); the pupil's rounds; the two rounds' requests with
    # their contacts; their answers with recordings; the questions.
    few = count(client, url)
    assert few == STAFF_FRAME + 5
    answer_all(sent, world.separated_contact, world.separated_parent,
               upto=len(sent.question_ids), send=True)
    answer_all(later, world.separated_contact, world.separated_parent,
               upto=len(later.question_ids), send=True)
    assert count(client, url) == few
