"""The concern pages as people use them: a parent raises one on her phone and follows it;
staff read it in their language, acknowledge it, write and propose; the leaders' page; the
settings; the family's landing page; and a concern is never called a complaint."""

import datetime
import re

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from bridgebook.appointments.models import Availability, Mode
from bridgebook.concerns import actions
from bridgebook.concerns.models import Addressed, Concern, ConcernEntry, ConcernSettings, Status
from bridgebook.concerns.tests.factories import concern_for, proposed
from bridgebook.conftest import signed_in

D = datetime.date


def _text(response) -> str:
    """The page, without the <bdi> marks around names (so a sentence reads as one)."""
    return re.sub(r"</?bdi>", "", response.content.decode())


def _concern_url(concern) -> str:
    return reverse("concerns:concern", args=[concern.pk])


def test_a_parent_raises_a_concern_and_sees_where_it_stands(world, client_for,
                                                            django_capture_on_commit_callbacks):
    layla = client_for(world.parent)
    page = _text(layla.get(reverse("concerns:raise", args=[world.pupil.pk])))
    assert "Class staff (Cara Teacher)" in page
    assert "Residential staff, Oak House (Rhys Residential)" in page
    assert "complaint" not in page.lower()

    with django_capture_on_commit_callbacks(execute=True):
        response = layla.post(reverse("concerns:raise", args=[world.pupil.pk]), {
            "addressed_to": "residential", "text": "لا تنام أميرة جيدا",
            "wants_meeting": "yes"})
    concern = Concern.objects.get()
    assert response.status_code == 302 and response["Location"] == _concern_url(concern)
    assert concern.addressed_to == Addressed.RESIDENTIAL and concern.wants_meeting
    assert mail.outbox[0].to == [world.residential.email]

    page = _text(layla.get(_concern_url(concern)))
    assert "لا تنام أميرة جيدا" in page
    assert "Residential staff, Oak House" in page
    assert "the school aims to acknowledge it by Thursday 5 March" in page
    assert "complaint" not in page.lower()


def test_the_form_says_what_is_missing(world, client_for):
    response = client_for(world.parent).post(reverse("concerns:raise", args=[world.pupil.pk]),
                                             {"addressed_to": "class"})
    page = _text(response)
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "Write your concern" in page
    assert not Concern.objects.exists()


def test_a_child_in_no_residential_group_goes_to_the_class_staff(world, foster_carer,
                                                                  client_for):
    fiona = client_for(foster_carer)
    page = _text(fiona.get(reverse("concerns:raise", args=[world.pupil_b.pk])))
    assert "Your concern goes to Ben’s class staff: Otto Teacher." in page
    assert 'name="addressed_to" value="class"' in page
    response = fiona.post(reverse("concerns:raise", args=[world.pupil_b.pk]), {
        "addressed_to": "class", "text": "The bus is late.", "wants_meeting": "no"})
    assert response.status_code == 302
    assert Concern.objects.get().contact == world.foster_contact


def test_staff_read_it_in_their_language_and_acknowledge_it(world, client_for):
    concern = concern_for(world.pupil, world.parent_contact, text="أميرة جائعة",
                          language="ar")
    cara = client_for(world.class_teacher)
    page = _text(cara.get(_concern_url(concern)))
    assert "[en] أميرة جائعة" in page                  # machine translated, marked
    assert "أميرة جائعة" in page.replace("[en] أميرة جائعة", "")   # the original is there
    assert "Acknowledge and tell the family" in page

    response = cara.post(reverse("concerns:acknowledge", args=[concern.pk]),
                         {"acknowledge-handler": world.class_teacher.pk})
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.status == Status.ACKNOWLEDGED and concern.handler == world.class_teacher
    family = _text(client_for(world.parent).get(_concern_url(concern)))
    assert "Cara Teacher is dealing with it" in family


def test_a_note_stays_with_staff(world, client_for):
    concern = proposed(world.pupil, world.parent_contact, by=world.class_teacher)
    cara = client_for(world.class_teacher)
    cara.post(reverse("concerns:note", args=[concern.pk]),
              {"note-text": "Mum was upset on the phone"})
    cara.post(reverse("concerns:update", args=[concern.pk]),
              {"update-text": "We tried the quiet table"})
    assert "Mum was upset on the phone" in _text(cara.get(_concern_url(concern)))
    family = _text(client_for(world.parent).get(_concern_url(concern)))
    assert "Mum was upset on the phone" not in family
    assert "We tried the quiet table" in family          # in her language, marked
    assert "Staff only" not in family


def test_a_step_the_concern_does_not_allow_says_why(world, client_for):
    concern = concern_for(world.pupil, world.parent_contact)
    response = client_for(world.class_teacher).post(
        reverse("concerns:update", args=[concern.pk]), {"update-text": "Hello"})
    assert response.status_code == 200
    assert "Acknowledge the concern first" in _text(response)
    assert not concern.entries.exists()


def test_a_step_refused_to_a_family_says_why_in_their_language(world, monkeypatch):
    """Why a step is refused reaches the family in the language they read Bridgebook in: the
    message goes through gettext (here with an Arabic translation given to Django's Arabic
    catalogue for the test, as the translators' will be)."""
    from django.utils.translation import trans_real

    refused = "There is no proposed resolution to answer"
    arabic = "لا يوجد حل مقترح للرد عليه"
    monkeypatch.setitem(trans_real.translation("ar")._catalog._catalogs[0], refused, arabic)
    concern = concern_for(world.pupil, world.parent_contact)        # nothing proposed yet
    layla = signed_in(world.parent, interface_language="ar")
    response = layla.post(reverse("concerns:answer", args=[concern.pk]),
                          {"answer-resolved": "yes", "answer-text": ""})
    page = _text(response)
    assert response.status_code == 200
    assert arabic in page and refused not in page


def test_staffs_reason_for_the_senior_leader_stays_with_staff(world, client_for,
                                                              senior_leader):
    concern = concern_for(world.pupil, world.parent_contact, status=Status.ACKNOWLEDGED,
                          handler=world.class_teacher, acknowledged_at=timezone.now(),
                          acknowledged_by=world.class_teacher)
    cara = client_for(world.class_teacher)
    page = _text(cara.get(_concern_url(concern)))
    assert "Why (for the senior leader)" in page and "the family does not see it" in page
    response = cara.post(reverse("concerns:escalate", args=[concern.pk]),
                         {"escalate-to": senior_leader.pk,
                          "escalate-text": "Mum shouts at us on the phone"})
    assert response.status_code == 302
    staff_page = _text(cara.get(_concern_url(concern)))
    assert "Passed to Dee Deputy, a senior leader" in staff_page
    assert "Mum shouts at us on the phone" in staff_page and "Staff only" in staff_page
    family = _text(client_for(world.parent).get(_concern_url(concern)))
    assert "Passed to Dee Deputy, a senior leader" in family
    assert "Mum shouts" not in family


def test_the_family_reads_their_own_reason_for_asking_a_senior_leader(world, client_for,
                                                                      senior_leader):
    concern = concern_for(world.pupil, world.parent_contact, status=Status.NOT_RESOLVED,
                          handler=world.class_teacher, acknowledged_at=timezone.now(),
                          acknowledged_by=world.class_teacher)
    layla = client_for(world.parent)
    layla.post(reverse("concerns:escalate", args=[concern.pk]),
               {"escalate-text": "Nothing has changed at lunch"})
    page = _text(layla.get(_concern_url(concern)))
    assert "Passed to Dee Deputy, a senior leader" in page
    assert "Nothing has changed at lunch" in page


def test_the_family_answers_then_asks_a_senior_leader_then_sees_the_complaints_procedure(
        world, client_for, senior_leader):
    ConcernSettings.objects.create(school=world.school,
                                   complaints_procedure_url="https://example.org/complaints")
    concern = proposed(world.pupil, world.parent_contact, by=world.class_teacher)
    layla = client_for(world.parent)
    page = _text(layla.get(_concern_url(concern)))
    assert "Does this resolve your concern?" in page and "A quieter table" in page
    layla.post(reverse("concerns:answer", args=[concern.pk]),
               {"answer-resolved": "no", "answer-text": "Nothing changed"})
    page = _text(layla.get(_concern_url(concern)))
    assert "Ask a senior leader" in page
    assert "complaint" not in page.lower()
    layla.post(reverse("concerns:escalate", args=[concern.pk]), {"escalate-text": ""})
    concern.refresh_from_db()
    assert concern.handler == senior_leader
    actions.do_propose_resolution(acting_user=senior_leader, concern=concern,
                                  text="Lunch in the quiet room")
    layla.post(reverse("concerns:answer", args=[concern.pk]), {"answer-resolved": "no"})
    page = _text(layla.get(_concern_url(concern)))
    assert "https://example.org/complaints" in page
    assert "formal complaint under the school’s complaints procedure" in page


def test_the_family_books_a_time_with_whoever_deals_with_it(world, client_for):
    concern = concern_for(world.pupil, world.parent_contact, wants_meeting=True,
                          status=Status.ACKNOWLEDGED, handler=world.class_teacher)
    layla = client_for(world.parent)
    assert "Cara Teacher will offer you a time" in _text(layla.get(_concern_url(concern)))
    start = timezone.now() + datetime.timedelta(days=2)
    Availability.objects.create(school=world.school, staff=world.class_teacher,
                                starts_at=start, ends_at=start + datetime.timedelta(hours=1),
                                modes=[Mode.IN_SCHOOL])
    page = _text(layla.get(_concern_url(concern)))
    booking = reverse("appointments:book", args=[world.pupil.pk])
    assert f'href="{booking}?staff={world.class_teacher.pk}"' in page
    assert layla.get(f"{booking}?staff={world.class_teacher.pk}").status_code == 200
    # Staff book one for the family with the appointments' own page.
    staff_page = _text(client_for(world.class_teacher).get(_concern_url(concern)))
    assert reverse("appointments:staff_book", args=[world.pupil.pk]) in staff_page


def test_the_other_parent_and_the_restricted_one_never_see_it(world, client_for):
    concern = concern_for(world.pupil, world.parent_contact, text="Private words")
    for user in (world.separated_parent, world.restricted_parent, world.outsider):
        client = client_for(user)
        assert client.get(_concern_url(concern)).status_code == 404
        page = client.get(reverse("concerns:pupil", args=[world.pupil.pk]))
        assert "Private words" not in _text(page)


def test_the_family_landing_page_offers_to_raise_one(world, client_for):
    layla = client_for(world.parent)
    raise_link = reverse("concerns:pupil", args=[world.pupil.pk])
    page = _text(layla.get(reverse("core:home")))
    assert raise_link in page and "Raise a concern about Amira" in page
    concern_for(world.pupil, world.parent_contact)
    assert "1 concern open" in _text(layla.get(reverse("core:home")))
    # Omar's own card counts only his.
    assert "Raise a concern about Amira" in _text(
        client_for(world.separated_parent).get(reverse("core:home")))


def test_the_leaders_page_shows_overdue_response_times_and_outcomes(world, client_for):
    overdue = concern_for(world.pupil, world.parent_contact, acknowledge_by=D(2026, 3, 2))
    Concern.objects.filter(pk=overdue.pk).update(raised_at=timezone.now()
                                                 - datetime.timedelta(days=3))
    done = concern_for(world.pupil, world.separated_parent.contacts.get(),
                       status=Status.RESOLVED, raised_at=timezone.now()
                       - datetime.timedelta(days=8), acknowledged_at=timezone.now()
                       - datetime.timedelta(days=7), resolved_at=timezone.now())
    assert done.status == Status.RESOLVED
    page = _text(client_for(world.principal).get(reverse("concerns:school",
                                                         args=[world.school.urn])))
    assert "1 concern was not acknowledged in time." in page
    assert "Not acknowledged in time" in page
    assert "Response times" in page and "Outcomes" in page
    assert re.search(r"Resolved by the staff it was raised with</dt>\s*"
                     r"<dd class=\"govuk-summary-list__value\">1<", page)
    assert "1 of 1 acknowledged" in page
    teacher = _text(client_for(world.class_teacher).get(
        reverse("concerns:school", args=[world.school.urn])))
    assert "Not acknowledged in time" in teacher and "Response times" not in teacher


def test_the_principal_sets_the_time_and_the_link(world, client_for, senior_leader):
    url = reverse("concerns:settings", args=[world.school.urn])
    assert client_for(world.class_teacher).get(url).status_code == 403
    response = client_for(world.principal).post(url, {
        "acknowledge_within_days": "3",
        "complaints_procedure_url": "https://mapledown.example/complaints",
        "senior_leader": senior_leader.pk})
    assert response.status_code == 302
    rules = ConcernSettings.objects.get(school=world.school)
    assert (rules.acknowledge_within_days, rules.senior_leader) == (3, senior_leader)
    assert client_for(world.principal).post(url, {"acknowledge_within_days": "0"}
                                            ).status_code == 200


def test_the_concerns_tab_shows_on_a_childs_pages(world, client_for):
    concern_for(world.pupil, world.parent_contact, addressed_to=Addressed.RESIDENTIAL)
    page = _text(client_for(world.residential).get(reverse("people:pupil",
                                                            args=[world.pupil.pk])))
    assert reverse("concerns:pupil", args=[world.pupil.pk]) in page
    tab = _text(client_for(world.residential).get(reverse("concerns:pupil",
                                                           args=[world.pupil.pk])))
    assert "By Layla Hassan" in tab


def test_a_staff_member_who_is_a_restricted_contact_sees_nothing(world):
    """Rex, under a court order about Amira, also works at Mapledown as a senior leader."""
    from bridgebook.core.models import Role
    from bridgebook.core.tests.factories import StaffRoleFactory

    StaffRoleFactory(user=world.restricted_parent, school=world.school,
                     role=Role.SENIOR_LEADER)
    concern = concern_for(world.pupil, world.parent_contact, text="Private words")
    client = signed_in(world.restricted_parent)
    assert client.get(_concern_url(concern)).status_code == 404
    school_page = _text(client.get(reverse("concerns:school", args=[world.school.urn])))
    assert "Private words" not in school_page and "Amira" not in school_page
    assert ConcernEntry.objects.count() == 0
