"""Home visits: planning (pairs, the buddy, the address copied), checking in and out, the
write-up counting as contact, and the advice reaching the visited household's contacts in
their language, never the restricted stepfather nor the parent in the other home."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bridgebook.conftest import signed_in
from bridgebook.contact import actions, notifications
from bridgebook.contact.models import VISIT_ADVICE, ContactRecord, ContactSettings, HomeVisit
from bridgebook.contact.selectors import class_coverage
from bridgebook.contact.tests.factories import term_around, visit_for
from bridgebook.core.models import AuditEvent
from bridgebook.messaging.models import Message
from bridgebook.people.tests.factories import ContactFactory, PupilContactFactory


def plan(world, **overrides):
    starts = timezone.now() + datetime.timedelta(hours=1)
    values = dict(acting_user=world.class_teacher, pupil=world.pupil,
                  household=world.parent_contact.household, purpose="physiotherapy",
                  lead=world.therapist, buddy=world.class_teacher, starts_at=starts,
                  ends_at=starts + datetime.timedelta(hours=1))
    values.update(overrides)
    return actions.do_plan_visit(**values)


def test_planning_copies_the_address_and_is_audited(world):
    visit = plan(world)
    assert visit.address.startswith("1 Maple Road")
    world.parent_contact.household.address_line_1 = "Moved away"
    world.parent_contact.household.save()
    visit.refresh_from_db()
    assert visit.address.startswith("1 Maple Road")
    assert AuditEvent.objects.filter(object_type="homevisit", object_id=str(visit.pk),
                                     actor=world.class_teacher).exists()


def test_pairs_required_refuses_a_single_member_of_staff(world):
    ContactSettings.objects.create(school=world.school, pairs_required=True)
    with pytest.raises(actions.ContactError, match="pairs"):
        plan(world)
    assert plan(world, second=world.senco).second == world.senco


def test_the_buddy_is_not_on_the_visit(world):
    with pytest.raises(actions.ContactError):
        plan(world, buddy=world.therapist)


def test_a_visit_never_goes_to_a_home_known_only_through_a_restricted_contact(world):
    from bridgebook.people.tests.factories import HouseholdFactory

    hidden = HouseholdFactory(school=world.school, address_line_1="3 Secret Lane")
    rex_alone = ContactFactory(school=world.school, household=hidden)
    PupilContactFactory(pupil=world.pupil, contact=rex_alone, is_restricted=True)
    with pytest.raises(actions.ContactError):
        plan(world, household=hidden)


def test_the_plan_form_refuses_one_member_of_staff_when_pairs_are_required(world):
    ContactSettings.objects.create(school=world.school, pairs_required=True)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    client = signed_in(world.class_teacher)
    url = reverse("contact:plan_visit", args=[world.pupil.pk])
    form_page = client.get(url)
    # Layla needs an Arabic interpreter: the form says so already.
    assert form_page.context["form"].initial["interpreter_language"] == "ar"
    assert "9 Elm Close" in form_page.content.decode()      # Omar's home may be visited
    response = client.post(url, {
        "household": world.parent_contact.household_id, "purpose": "physiotherapy",
        "lead": world.therapist.pk, "buddy": world.class_teacher.pk,
        "day_day": tomorrow.day, "day_month": tomorrow.month, "day_year": tomorrow.year,
        "starts": "10:00", "ends": "09:00", "interpreter_language": "ar"})
    errors = response.context["form"].errors
    assert "made in pairs" in str(errors["second"])
    assert "after the start" in str(errors["ends"])
    assert not HomeVisit.objects.exists()
    response = client.post(url, {
        "household": world.parent_contact.household_id, "purpose": "physiotherapy",
        "lead": world.therapist.pk, "second": world.senco.pk, "buddy": world.class_teacher.pk,
        "day_day": tomorrow.day, "day_month": tomorrow.month, "day_year": tomorrow.year,
        "starts": "10:00", "ends": "11:00", "interpreter_language": "ar"})
    assert response.status_code == 302
    assert HomeVisit.objects.get().interpreter_language == "ar"


def test_checking_in_and_out_from_the_phone_page(world):
    visit = visit_for(world.pupil, world.parent_contact.household, lead=world.therapist,
                      buddy=world.class_teacher)
    client = signed_in(world.therapist)
    page = client.get(reverse("contact:today")).content.decode()
    assert "Check in" in page and "1 Maple Road" in page
    client.post(reverse("contact:check_in", args=[visit.pk]))
    assert "Check out" in client.get(reverse("contact:today")).content.decode()
    assert signed_in(world.class_teacher).post(
        reverse("contact:check_out", args=[visit.pk])).status_code == 403
    client.post(reverse("contact:check_out", args=[visit.pk]))
    visit.refresh_from_db()
    assert visit.checked_in_by == world.therapist and visit.checked_out_at is not None
    first_in = visit.checked_in_at
    client.post(reverse("contact:check_in", args=[visit.pk]))
    visit.refresh_from_db()
    assert visit.checked_in_at == first_in        # a second press changes nothing


@pytest.fixture
def reads_arabic(settings):
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}


def test_the_write_up_counts_as_contact_and_shares_the_advice_in_each_language(
        world, reads_arabic, django_capture_on_commit_callbacks):
    term_around(world.school)
    # A second adult in Layla's home, reading English, entitled; Rex (restricted) and Omar
    # live elsewhere.
    gran = ContactFactory(school=world.school, household=world.parent_contact.household,
                          first_name="Gran", language="en", email="gran@family.example")
    PupilContactFactory(pupil=world.pupil, contact=gran, parental_responsibility=False,
                        receives_information=True)
    visit = visit_for(world.pupil, world.parent_contact.household, lead=world.therapist,
                      buddy=world.class_teacher, starts_in_minutes=-120,
                      interpreter_language="ar")
    HomeVisit.objects.filter(pk=visit.pk).update(checked_in_at=visit.starts_at)
    visit.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        record = actions.do_write_up(acting_user=world.therapist, visit=visit,
                                     outcome="Frame checked", advice="Stand after tea")
    assert record.how == ContactRecord.How.HOME_VISIT
    assert record.source_key == f"visit:{visit.pk}" and record.interpreter
    assert [f.household_id for f in class_coverage(world.class_a).reached] == [
        world.parent_contact.household_id]
    messages = {m.contact.first_name: m for m in Message.objects.filter(kind=VISIT_ADVICE)}
    assert set(messages) == {"Layla", "Gran"}
    assert "[ar] Stand after tea" in messages["Layla"].body
    assert "Stand after tea" in messages["Gran"].body
    assert "[ar]" not in messages["Gran"].body
    with pytest.raises(actions.ContactError):
        actions.do_write_up(acting_user=world.therapist, visit=visit, outcome="again")
    assert ContactRecord.objects.count() == 1


def test_advice_whose_sharing_failed_is_shared_by_the_next_run_once(
        world, reads_arabic, monkeypatch, django_capture_on_commit_callbacks):
    visit = visit_for(world.pupil, world.parent_contact.household, lead=world.therapist,
                      buddy=world.class_teacher, starts_in_minutes=-120)
    HomeVisit.objects.filter(pk=visit.pk).update(checked_in_at=visit.starts_at)
    visit.refresh_from_db()

    def down(*args, **kwargs):
        raise ConnectionError("translation service down")

    monkeypatch.setattr(notifications, "share_advice", down)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_write_up(acting_user=world.therapist, visit=visit, outcome="Frame checked",
                            advice="Stand after tea")
    assert ContactRecord.objects.filter(source_key=f"visit:{visit.pk}").exists()
    assert not Message.objects.filter(kind=VISIT_ADVICE).exists()
    monkeypatch.undo()
    assert notifications.share_unshared_advice() == 1
    assert set(Message.objects.filter(kind=VISIT_ADVICE)
               .values_list("contact__first_name", flat=True)) == {"Layla"}
    assert notifications.share_unshared_advice() == 0


def test_the_family_reads_the_advice_with_the_original_one_tap_away(world, reads_arabic):
    visit = visit_for(world.pupil, world.parent_contact.household, lead=world.therapist,
                      buddy=world.class_teacher, advice="Stand after tea",
                      outcome="Fine", written_up_at=timezone.now())
    url = reverse("contact:advice", args=[visit.pk])
    page = signed_in(world.parent, interface_language=None).get(url).content.decode()
    assert "[ar] Stand after tea" in page and "Stand after tea" in page
    assert signed_in(world.separated_parent).get(url).status_code == 404
    assert signed_in(world.restricted_parent).get(url).status_code == 404


def test_the_write_up_form(world, django_capture_on_commit_callbacks):
    visit = visit_for(world.pupil, world.parent_contact.household, lead=world.therapist,
                      buddy=world.class_teacher)
    client = signed_in(world.therapist)
    url = reverse("contact:write_up", args=[visit.pk])
    errors = client.post(url, {"outcome": ""}).context["form"].errors
    assert "outcome" in errors
    assert "happened" in errors              # nobody checked in: confirm it took place
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"outcome": "Fine", "advice": "Stand",
                                 "happened": "on"}).status_code == 302
    assert Message.objects.filter(kind=VISIT_ADVICE).count() == 1       # Layla only
    assert client.get(url).status_code == 302                           # written up once
