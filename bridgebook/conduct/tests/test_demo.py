"""The demo: Helen Brooks, Mapledown's deputy head, recorded a threatening text message
from Lee Dawson, breaching the agreement's "abusive conduct is not tolerated" statement,
with a warning letter and a review date; Aisha Begum, the Cedar class teacher it was about,
cannot see it; a second run changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from bridgebook.conduct.demo import seed_demo_conduct
from bridgebook.conduct.models import ConductAction, ConductIncident
from bridgebook.conduct.selectors import statement_choices
from bridgebook.conftest import signed_in
from bridgebook.core.models import Role, School, User
from bridgebook.core.registry import site


@pytest.fixture
def mapledown(db) -> School:
    site.demo_seeders["people"].seed()
    seed_demo_conduct()
    return School.objects.get(name="Mapledown School")


def test_the_deputy_head_recorded_a_threatening_message(mapledown):
    helen = User.objects.get(email="helen.brooks@mapledown.example")
    assert helen.staff_roles.get().role == Role.SENIOR_LEADER
    incident = ConductIncident.objects.get(school=mapledown)
    assert incident.recorded_by == helen
    assert (incident.person_name, incident.how, incident.statement_key) == (
        "Lee Dawson", ConductIncident.How.MESSAGE, "no_abuse")
    assert incident.contact is None and incident.pupil is None
    assert "waiting in the car park" in incident.what_happened
    assert incident.statement_text
    assert {user.full_name for user in incident.staff_affected.all()} == {
        "Aisha Begum", "Pam Whitfield"}
    assert ConductAction.Kind.WARNING_LETTER in set(
        incident.actions.values_list("kind", flat=True))
    review = incident.reviews.get()
    assert review.held_on is None and review.due_on > incident.occurred_on
    assert incident.keep_from == review.due_on

    page = signed_in(helen).get(reverse("conduct:incident", args=[mapledown.urn, incident.pk]))
    assert page.status_code == 200 and "Warning letter" in page.content.decode()
    principal = User.objects.get(email="daniel.okafor@mapledown.example")
    assert signed_in(principal).get(
        reverse("conduct:log", args=[mapledown.urn])).status_code == 200


def test_a_teacher_cannot_see_it_though_it_is_about_her(mapledown):
    incident = ConductIncident.objects.get(school=mapledown)
    for email in ("aisha.begum@mapledown.example", "hannah.price@mapledown.example",
                  "rachel.moore@mapledown.example", "pam.whitfield@mapledown.example",
                  "tariq.aziz@trust.example"):
        client = signed_in(User.objects.get(email=email))
        assert client.get(reverse("conduct:log", args=[mapledown.urn])).status_code == 404
        assert client.get(reverse("conduct:incident", args=[mapledown.urn, incident.pk])
                          ).status_code == 404


def test_a_second_run_changes_nothing(mapledown):
    assert seed_demo_conduct() == {"conduct incidents": 0}
    assert ConductIncident.objects.count() == 1
    assert User.objects.filter(email="helen.brooks@mapledown.example").count() == 1


def test_in_the_whole_demo_it_breaches_mapledowns_own_agreement_where_there_is_one(db):
    call_command("seed_demo", "--quiet", stdout=StringIO())
    school = School.objects.get(name="Mapledown School")
    incident = ConductIncident.objects.get(school=school)
    published = statement_choices(school).filter(nas_key="no_abuse").first()
    if published is not None:
        assert incident.statement == published
        assert incident.statement_text == published.text
    else:
        assert incident.statement is None
        assert incident.statement_text.startswith("Harassment, intimidation")
