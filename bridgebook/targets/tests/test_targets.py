"""Targets shared with home: setting them tells every entitled family member in their own
language and nobody restricted; progress, strategies and evidence from both sides, each
household's own; copying into the next plan; and who may do what."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from bridgebook.conftest import signed_in
from bridgebook.core.models import AuditEvent
from bridgebook.diary.models import Entry
from bridgebook.diary.tests.factories import EntryFactory
from bridgebook.messaging.models import Message
from bridgebook.targets import actions, selectors
from bridgebook.targets.models import (
    DEFAULT_STEPS,
    TARGET_NOTICE,
    Area,
    EngagementArea,
    Evidence,
    Outcome,
    Plan,
    Progress,
    Strategy,
    Target,
)
from bridgebook.targets.tests.factories import outcome_for, plan_for, target_for
from bridgebook.translation.display import labels
from bridgebook.translation.models import ReviewRequest

DATA = {"text": "Amira will ask for the swing with her symbol card",
        "success_criteria": "Three times a week, at school and at home",
        "start_date": datetime.date(2026, 1, 5), "review_date": datetime.date(2026, 7, 5)}


def messages_to(contact):
    return list(Message.objects.filter(kind=TARGET_NOTICE, contact=contact).order_by("pk"))


# Telling families ------------------------------------------------------------------------

def test_a_new_target_tells_each_entitled_parent_once_and_never_the_restricted(world):
    outcome = outcome_for(world.pupil)
    target = actions.do_add_target(acting_user=world.class_teacher, outcome=outcome, data=DATA)

    assert len(messages_to(world.parent_contact)) == 1
    assert len(messages_to(world.separated_contact)) == 1   # his own copy, his household
    assert messages_to(world.restricted_contact) == []
    message = messages_to(world.parent_contact)[0]
    with translation.override("ar"):    # Layla reads Arabic
        assert _("A new target for %(name)s") % {"name": "Amira"} in message.body
        assert message.subject == _("A new target for %(name)s") % {"name": "Amira"}
    assert message.subject != "A new target for Amira"
    assert DATA["text"] in message.body
    assert reverse("targets:target", args=[target.pk]) in message.body
    assert list(message.pupils.all()) == [world.pupil]
    assert AuditEvent.objects.filter(object_type="target", object_id=str(target.pk),
                                     action=AuditEvent.Action.CREATE).exists()


def test_a_change_and_an_achievement_are_each_told_and_the_owner_alone_is_not(world):
    target = actions.do_add_target(acting_user=world.class_teacher,
                                   outcome=outcome_for(world.pupil), data=DATA)
    actions.do_change_target(acting_user=world.class_teacher, target=target,
                             data={"owner": world.therapist})
    assert len(messages_to(world.parent_contact)) == 1   # the owner is school's business

    actions.do_change_target(acting_user=world.class_teacher, target=target,
                             data={"text": "Amira will ask for the swing with a sign"})
    actions.do_change_target(acting_user=world.class_teacher, target=target,
                             data={"status": Target.Status.ACHIEVED})
    bodies = [message.body for message in messages_to(world.parent_contact)]
    assert len(bodies) == 3
    with translation.override("ar"):
        assert _("%(name)s’s target has changed") % {"name": "Amira"} in bodies[1]
        assert _("%(name)s has achieved a target") % {"name": "Amira"} in bodies[2]
    target.refresh_from_db()
    assert target.version == 4


def test_the_message_is_in_each_parents_language(world):
    world.parent_contact.language = "pl"
    world.parent_contact.save()
    world.separated_contact.language = "en"
    world.separated_contact.save()
    actions.do_add_target(acting_user=world.class_teacher, outcome=outcome_for(world.pupil),
                          data=DATA)
    polish = messages_to(world.parent_contact)[0]
    with translation.override("pl"):
        heading = _("A new target for %(name)s") % {"name": "Amira"}
    assert heading != "A new target for Amira"     # the Polish catalogue has it
    assert polish.subject == heading and polish.language == "pl"
    assert messages_to(world.separated_contact)[0].subject == "A new target for Amira"


def test_a_court_order_recorded_later_hides_the_message_already_sent(world):
    from bridgebook.messaging.access import readable_messages
    from bridgebook.people.models import PupilContact

    actions.do_add_target(acting_user=world.class_teacher, outcome=outcome_for(world.pupil),
                          data=DATA)
    assert readable_messages(world.separated_contact).filter(kind=TARGET_NOTICE).exists()
    PupilContact.objects.filter(contact=world.separated_contact).update(is_restricted=True)
    assert not readable_messages(world.separated_contact).filter(kind=TARGET_NOTICE).exists()


# The next plan ---------------------------------------------------------------------------

def test_copying_the_plan_carries_over_open_targets_and_leaves_the_rest(world):
    outcome = outcome_for(world.pupil)
    open_target = target_for(world.pupil, outcome=outcome, text="Open one")
    target_for(world.pupil, outcome=outcome, text="Done", status=Target.Status.ACHIEVED)
    old = Plan.objects.get(pupil=world.pupil)

    new = actions.do_copy_plan(acting_user=world.senco, plan=old, title="2026 to 2027",
                               starts_on=datetime.date(2026, 9, 7))

    old.refresh_from_db()
    assert not old.is_current and new.is_current
    copied = Target.objects.get(outcome__plan=new)
    assert copied.text == "Open one" and copied.copied_from == open_target
    assert copied.start_date == datetime.date(2026, 9, 7)
    assert copied.review_date == datetime.date(2027, 9, 7)
    open_target.refresh_from_db()
    assert open_target.status == Target.Status.CARRIED_OVER
    assert Outcome.objects.filter(plan=new).count() == 1
    assert list(selectors.open_targets(world.pupil)) == [copied]
    with pytest.raises(ValueError):
        actions.do_copy_plan(acting_user=world.senco, plan=old, title="again",
                             starts_on=datetime.date(2026, 9, 7))


# Evidence --------------------------------------------------------------------------------

def test_tagging_a_book_entry_makes_one_piece_of_evidence_for_several_targets(world):
    first, second = target_for(world.pupil, text="One"), target_for(world.pupil, text="Two")
    entry = EntryFactory(pupil=world.pupil, author=world.class_teacher)
    actions.do_tag_entry(acting_user=world.class_teacher, entry=entry, target=first,
                         tagged=True)
    actions.do_tag_entry(acting_user=world.class_teacher, entry=entry, target=second,
                         tagged=True)
    evidence = Evidence.objects.get(entry=entry)
    assert set(evidence.targets.all()) == {first, second}
    assert not evidence.from_family
    actions.do_tag_entry(acting_user=world.class_teacher, entry=entry, target=first,
                         tagged=False)
    actions.do_tag_entry(acting_user=world.class_teacher, entry=entry, target=second,
                         tagged=False)
    assert not Evidence.objects.filter(entry=entry).exists()


def test_one_tap_from_the_class_day_page_tags_the_entry(world):
    target = target_for(world.pupil)
    entry = EntryFactory(pupil=world.pupil, author=world.class_teacher,
                         date=datetime.date.today())
    client = signed_in(world.class_teacher)
    page = client.get(reverse("diary:class_day", args=[world.class_a.pk]))
    assert f'value="{entry.pk}:{target.pk}"' in page.content.decode()
    assert 'id="entry-extras"' in page.content.decode()

    back = reverse("diary:class_day", args=[world.class_a.pk])
    answer = client.post(reverse("targets:tag_entry"),
                         {"tag": f"{entry.pk}:{target.pk}", "next": back})
    assert answer.status_code == 302 and answer["Location"].startswith(back)
    assert list(Evidence.objects.get(entry=entry).targets.all()) == [target]
    page = client.get(back)
    assert 'aria-pressed="true"' in page.content.decode()


def test_tagging_in_place_answers_with_no_page(world):
    target = target_for(world.pupil)
    entry = EntryFactory(pupil=world.pupil, author=world.class_teacher)
    answer = signed_in(world.class_teacher).post(
        reverse("targets:tag_entry"), {"tag": f"{entry.pk}:{target.pk}"},
        headers={"X-Bridgebook-In-Place": "1"})
    assert answer.status_code == 204 and answer.content == b""
    assert list(Evidence.objects.get(entry=entry).targets.all()) == [target]


def test_a_target_of_another_pupil_cannot_be_tagged_on_an_entry(world):
    target = target_for(world.pupil_b)
    entry = EntryFactory(pupil=world.pupil, author=world.class_teacher)
    answer = signed_in(world.senco).post(reverse("targets:tag_entry"),
                                         {"tag": f"{entry.pk}:{target.pk}"})
    assert answer.status_code == 404
    assert not Evidence.objects.exists()


def test_the_office_sees_targets_but_does_not_tag(world):
    target = target_for(world.pupil)
    entry = EntryFactory(pupil=world.pupil, author=world.class_teacher)
    answer = signed_in(world.office).post(reverse("targets:tag_entry"),
                                          {"tag": f"{entry.pk}:{target.pk}"})
    assert answer.status_code == 403
    assert signed_in(world.office).get(reverse("targets:pupil",
                                               args=[world.pupil.pk])).status_code == 200


def test_a_parent_adds_home_evidence_that_the_other_household_does_not_read(world):
    target = target_for(world.pupil)
    client = signed_in(world.parent)
    answer = client.post(reverse("targets:evidence_new", args=[world.pupil.pk]), {
        "note": "She asked for the swing with her card at the park",
        "happened_on_day": "6", "happened_on_month": "1", "happened_on_year": "2026",
        "targets": [target.pk]})
    assert answer.status_code == 302
    evidence = Evidence.objects.get(pupil=world.pupil)
    assert evidence.from_family and evidence.household_id == world.parent_contact.household_id
    assert evidence.source == Evidence.Source.HOME

    url = reverse("targets:target", args=[target.pk])
    assert "swing with her card" in signed_in(world.class_teacher).get(url).content.decode()
    assert "swing with her card" in client.get(url).content.decode()
    assert "swing with her card" not in signed_in(world.separated_parent).get(
        url).content.decode()
    assert signed_in(world.restricted_parent).get(url).status_code == 404


def test_shared_home_evidence_reaches_the_other_household(world):
    target = target_for(world.pupil)
    actions.do_add_evidence(world.parent, world.pupil, targets=[target], note="Shared news",
                            happened_on=datetime.date(2026, 1, 6), from_family=True,
                            source=Evidence.Source.HOME,
                            household_id=world.parent_contact.household_id,
                            shared_with_all=True)
    url = reverse("targets:target", args=[target.pk])
    assert "Shared news" in signed_in(world.separated_parent).get(url).content.decode()


def test_evidence_from_a_draft_entry_is_not_shown_to_families(world):
    target = target_for(world.pupil)
    draft = EntryFactory(pupil=world.pupil, author=world.class_teacher,
                         status=Entry.Status.DRAFT, published_at=None)
    actions.do_tag_entry(acting_user=world.class_teacher, entry=draft, target=target,
                         tagged=True)
    url = reverse("targets:target", args=[target.pk])
    assert reverse("diary:entry", args=[draft.pk]) in signed_in(
        world.class_teacher).get(url).content.decode()
    assert reverse("diary:entry", args=[draft.pk]) not in signed_in(
        world.parent).get(url).content.decode()


def test_evidence_needs_the_pupils_own_targets(world):
    with pytest.raises(ValueError):
        actions.do_add_evidence(world.senco, world.pupil, targets=[target_for(world.pupil_b)],
                                note="x", happened_on=datetime.date(2026, 1, 6))


# Progress and the chart ------------------------------------------------------------------

def test_progress_is_recorded_on_the_school_scale_and_charted_in_words(world):
    target = target_for(world.pupil)
    client = signed_in(world.class_teacher)
    for day, step in (("5", "1"), ("12", "3")):
        answer = client.post(reverse("targets:progress_add", args=[target.pk]), {
            "step": step, "recorded_on_day": day, "recorded_on_month": "1",
            "recorded_on_year": "2026", "note": ""})
        assert answer.status_code == 302
    assert [p.step for p in Progress.objects.filter(target=target)] == [1, 3]
    page = client.get(reverse("targets:target", args=[target.pk])).content.decode()
    assert "<svg" in page and "Emerging" in page and "Secure" in page
    assert "Progress records, newest first" in page

    actions.do_set_scale(acting_user=world.senco, school=world.school,
                         steps=["Not yet", "With help", "On her own", "Everywhere"])
    page = client.get(reverse("targets:target", args=[target.pk])).content.decode()
    assert "With help" in page and "Everywhere" in page


def test_a_teaching_assistant_records_progress_but_does_not_set_targets(world, assistant):
    target = target_for(world.pupil)
    client = signed_in(assistant)
    assert client.get(reverse("targets:progress_add", args=[target.pk])).status_code == 200
    assert client.get(reverse("targets:target_edit", args=[target.pk])).status_code == 403
    assert client.get(reverse("targets:target_new",
                              args=[world.pupil.pk])).status_code == 403


# Strategies ------------------------------------------------------------------------------

def test_a_checked_translation_of_a_strategy_replaces_the_machine_one_for_the_family(world):
    world.parent_contact.language = "pl"
    world.parent_contact.save()
    plan_for(world.pupil)
    strategy = actions.do_save_strategy(acting_user=world.senco, pupil=world.pupil,
                                        text="Give her two choices and wait")
    asked = actions.do_ask_strategy_check(acting_user=world.senco, strategy=strategy,
                                          languages=["pl"])
    assert asked == 1
    review = ReviewRequest.objects.get(ref=strategy.review_ref, language="pl")
    review.reviewed_text = "Daj jej dwa wybory i poczekaj"
    review.status = ReviewRequest.Status.APPROVED
    review.save()
    assert selectors.approved_strategy_texts([strategy], "pl") == {
        strategy.pk: "Daj jej dwa wybory i poczekaj"}
    # A changed strategy is not shown with the translation of its old words.
    actions.do_save_strategy(acting_user=world.senco, pupil=world.pupil, strategy=strategy,
                             text="Give her three choices")
    strategy.refresh_from_db()
    assert selectors.approved_strategy_texts([strategy], "pl") == {}


def test_a_removed_strategy_is_gone_from_the_page(world):
    plan_for(world.pupil)
    strategy = Strategy.objects.create(pupil=world.pupil, text="Use a timer")
    client = signed_in(world.senco)
    client.post(reverse("targets:strategy_remove", args=[strategy.pk]))
    page = client.get(reverse("targets:pupil", args=[world.pupil.pk])).content.decode()
    assert "Use a timer" not in page


# The page --------------------------------------------------------------------------------

def test_the_family_sees_targets_strategies_and_progress_on_the_childs_page(world):
    target = target_for(world.pupil, text="Will sign finished")
    Strategy.objects.create(pupil=world.pupil, text="Use the now and next board")
    Progress.objects.create(target=target, step=2, recorded_on=datetime.date(2026, 1, 8))
    page = signed_in(world.parent).get(reverse("targets:pupil", args=[world.pupil.pk]))
    text = page.content.decode()
    assert "Will sign finished" in text
    assert "Use the now and next board" in text
    assert "Progress: Developing" in strip_tags(text)
    assert "Communication and interaction" in text
    assert "Add something from home" in text
    assert "Set a target" not in text


def test_preparing_for_adulthood_is_offered_from_year_9(world):
    plan_for(world.pupil)
    client = signed_in(world.senco)
    url = reverse("targets:outcome_new", args=[world.pupil.pk])
    world.class_a.year_group = "Year 4"
    world.class_a.save()
    assert str(Area.ADULTHOOD.label) not in client.get(url).content.decode()
    world.class_a.year_group = "Year 9"
    world.class_a.save()
    assert str(Area.ADULTHOOD.label) in client.get(url).content.decode()


def test_a_target_starts_with_words_from_elsewhere(world):
    outcome_for(world.pupil)
    page = signed_in(world.senco).get(reverse("targets:target_new", args=[world.pupil.pk])
                                      + "?text=Sleeps+through+the+night")
    assert "Sleeps through the night" in page.content.decode()


def test_the_demo_gives_zofia_two_outcomes_and_three_targets(db):
    from bridgebook.core.registry import site
    from bridgebook.targets.demo import seed_demo_targets

    for key in ("people", "diary", "targets"):
        site.demo_seeders[key].seed()
    zofia = Plan.objects.get(pupil__legal_first_name="Zofia").pupil
    assert Outcome.objects.filter(plan__pupil=zofia).count() == 2
    assert Target.objects.filter(pupil=zofia, status=Target.Status.OPEN).count() == 3
    assert Strategy.objects.filter(pupil=zofia).count() >= 3
    assert Progress.objects.filter(target__pupil=zofia).exists()
    assert seed_demo_targets() == {"plans": 0}   # a second run adds nothing


def test_a_parent_tags_her_own_entry_from_home_but_not_the_schools(world):
    target = target_for(world.pupil)
    home = EntryFactory(pupil=world.pupil, author=world.parent, origin=Entry.Origin.HOME,
                        household=world.parent_contact.household, note="",
                        home_news="She asked for the swing at the park")
    school = EntryFactory(pupil=world.pupil, author=world.class_teacher)
    client = signed_in(world.parent)
    page = client.get(reverse("diary:entry", args=[home.pk])).content.decode()
    assert f'value="{home.pk}:{target.pk}"' in page
    assert 'value="' + f'{school.pk}:{target.pk}"' not in client.get(
        reverse("diary:entry", args=[school.pk])).content.decode()
    assert client.post(reverse("targets:tag_entry"),
                       {"tag": f"{home.pk}:{target.pk}"}).status_code == 302
    evidence = Evidence.objects.get(entry=home)
    assert evidence.from_family and evidence.household_id == world.parent_contact.household_id
    assert client.post(reverse("targets:tag_entry"),
                       {"tag": f"{school.pk}:{target.pk}"}).status_code == 403
    # Omar's household does not read Layla's entry, nor its evidence.
    url = reverse("targets:target", args=[target.pk])
    assert reverse("diary:entry", args=[home.pk]) not in signed_in(
        world.separated_parent).get(url).content.decode()


# Photos ----------------------------------------------------------------------------------

def test_a_group_photo_is_tagged_as_evidence_for_one_pupils_target(world):
    from bridgebook.diary.tests.factories import BookEventFactory, make_photo
    from bridgebook.people.codes import PhotoConsent

    world.pupil.photo_consent = PhotoConsent.BOOK
    world.pupil.save()
    target = target_for(world.pupil)
    today = datetime.date.today()
    photo = make_photo(school=world.school, date=today, pupils=[world.pupil, world.pupil_b],
                       alt_text="Amira and Ben on the swings")
    client = signed_in(world.class_teacher)
    url = reverse("targets:target", args=[target.pk])
    page = client.get(url).content.decode()
    assert f'value="{photo.token}"' in page and 'aria-pressed="false"' in page

    answer = client.post(reverse("targets:tag_photo", args=[target.pk]), {"tag": photo.token})
    assert answer.status_code == 302
    evidence = Evidence.objects.get(photo=photo)
    assert evidence.pupil == world.pupil and list(evidence.targets.all()) == [target]
    assert evidence.source == Evidence.Source.PHOTO and evidence.happened_on == today
    assert reverse("diary:photo", args=[photo.token]) in signed_in(world.parent).get(
        url).content.decode()

    # A photo of an event not yet published is not shown to the family.
    draft = BookEventFactory(school=world.school, published_at=None)
    hidden = make_photo(school=world.school, date=today, pupils=[world.pupil], event=draft,
                        alt_text="Rehearsal")
    actions.do_tag_photo(acting_user=world.class_teacher, photo=hidden, target=target,
                         tagged=True)
    assert "Rehearsal" not in signed_in(world.parent).get(url).content.decode()

    # Without consent to photos in the book, the family sees no photo evidence at all.
    world.pupil.photo_consent = PhotoConsent.NONE
    world.pupil.save()
    assert reverse("diary:photo", args=[photo.token]) not in signed_in(world.parent).get(
        url).content.decode()

    # A photo Amira is not in cannot be tagged to her target.
    other = make_photo(school=world.school, date=today, pupils=[world.pupil_b])
    assert client.post(reverse("targets:tag_photo", args=[target.pk]),
                       {"tag": other.token}).status_code == 404


def test_an_earlier_plan_is_kept_as_it_was(world):
    outcome = outcome_for(world.pupil)
    old_target = target_for(world.pupil, outcome=outcome)
    plan = Plan.objects.get(pupil=world.pupil)
    actions.do_copy_plan(acting_user=world.senco, plan=plan, title="Next",
                         starts_on=datetime.date(2026, 9, 7))
    client = signed_in(world.senco)
    assert client.get(reverse("targets:target_edit", args=[old_target.pk])).status_code == 404
    assert client.get(reverse("targets:outcome_edit", args=[outcome.pk])).status_code == 404
    assert client.get(reverse("targets:progress_add", args=[old_target.pk])).status_code == 404
    entry = EntryFactory(pupil=world.pupil, author=world.class_teacher)
    assert client.post(reverse("targets:tag_entry"),
                       {"tag": f"{entry.pk}:{old_target.pk}"}).status_code == 404
    # Still readable, as it was.
    assert client.get(reverse("targets:target", args=[old_target.pk])).status_code == 200


def test_starting_a_plan_twice_starts_one(world):
    client = signed_in(world.senco)
    url = reverse("targets:plan_new", args=[world.pupil.pk])
    assert 'name="showing" value="0"' in client.get(url).content.decode()
    data = {"title": "2026 to 2027", "starts_on_day": "7", "starts_on_month": "9",
            "starts_on_year": "2026", "showing": "0"}
    assert client.post(url, data).status_code == 302
    # The second press comes from the page that showed no plan: nothing more is started
    # (not a copy of the plan the first press made).
    assert client.post(url, data).status_code == 302
    assert Plan.objects.filter(pupil=world.pupil).count() == 1
    with pytest.raises(actions.PlanChanged):
        actions.do_start_plan(acting_user=world.senco, pupil=world.pupil, title="again",
                              starts_on=datetime.date(2026, 9, 7))


def test_a_year_on_from_the_29th_of_february():
    assert actions.a_year_on(datetime.date(2028, 2, 29)) == datetime.date(2029, 2, 28)
    assert actions.a_year_on(datetime.date(2026, 9, 7)) == datetime.date(2027, 9, 7)


# What families read in their language ----------------------------------------------------

LOCAL = {"BACKEND": "local", "OPTIONS": {}}


@pytest.fixture
def polish_parent(world, settings):
    """Layla reads Polish here, through the local backend ("[pl] …")."""
    settings.BRIDGEBOOK_TRANSLATION = LOCAL
    world.parent_contact.language = "pl"
    world.parent_contact.save()
    return world.parent


def _inside(html: str, tag: str, attrs: str) -> str:
    """What is inside the first ``<tag attrs>`` … ``</tag>`` of ``html``."""
    found = re.search(rf"<{tag} {re.escape(attrs)}>(.*?)</{tag}>", html, re.S)
    assert found, f"<{tag} {attrs}> not on the page"
    return found.group(1)


def test_a_translated_target_is_a_link_and_a_heading_with_its_mark_beside_them(world,
                                                                                 polish_parent):
    target = target_for(world.pupil, text="Will sign finished")
    client = signed_in(polish_parent)
    page = client.get(reverse("targets:pupil", args=[world.pupil.pk])).content.decode()
    href = reverse("targets:target", args=[target.pk])
    link = _inside(page, "a", f'class="govuk-link" href="{href}"')
    assert link == '<span lang="pl" dir="ltr">[pl] Will sign finished</span>'
    after = page.split(link, 1)[1]
    words = labels("pl")
    assert words["machine"] in after and "Will sign finished" in after   # beside it
    # The outcome's translation (blocks) is in a block, not a paragraph.
    assert not re.search(r"<p [^>]*>Outcome: <div", page)

    page = client.get(reverse("targets:target", args=[target.pk])).content.decode()
    heading = _inside(page, "h1", f'class="govuk-heading-l" id="target-{target.pk}"')
    assert heading == '<span lang="pl" dir="ltr">[pl] Will sign finished</span>'
    after = page.split(heading, 1)[1]
    assert after.index(words["machine"]) < after.index(words["original"])


def test_a_schools_own_scale_is_read_in_the_familys_language_and_marked(world,
                                                                       polish_parent):
    actions.do_set_scale(acting_user=world.senco, school=world.school,
                         steps=["Not yet", "With help", "On her own", "Everywhere"])
    target = target_for(world.pupil)
    Progress.objects.create(target=target, step=1, recorded_on=datetime.date(2026, 1, 8))
    client = signed_in(polish_parent)
    for url in (reverse("targets:pupil", args=[world.pupil.pk]),
                reverse("targets:target", args=[target.pk])):
        page = client.get(url).content.decode()
        assert "[pl] With help" in page
        assert f'{labels("pl")["machine"]}: </span>(With help)' in page
    # Staff read the school's words as written.
    page = signed_in(world.class_teacher).get(
        reverse("targets:target", args=[target.pk])).content.decode()
    assert "With help" in page and "[pl]" not in page


def test_the_default_scale_is_not_machine_translated(world, polish_parent):
    target = target_for(world.pupil)
    Progress.objects.create(target=target, step=1, recorded_on=datetime.date(2026, 1, 8))
    page = signed_in(polish_parent, interface_language=None).get(
        reverse("targets:target", args=[target.pk])).content.decode()
    with translation.override("pl"):
        assert str(DEFAULT_STEPS[1]) in page
    assert f"[pl] {DEFAULT_STEPS[1]}" not in page


def test_a_family_is_told_what_they_tagged_in_their_language(world, polish_parent):
    target = target_for(world.pupil, text="Will sign finished")
    home = EntryFactory(pupil=world.pupil, author=polish_parent, origin=Entry.Origin.HOME,
                        household=world.parent_contact.household, note="",
                        home_news="She signed finished at dinner")
    answer = signed_in(polish_parent).post(reverse("targets:tag_entry"),
                                           {"tag": f"{home.pk}:{target.pk}"}, follow=True)
    told = [str(message) for message in answer.context["messages"]]
    with translation.override("pl"):
        marked = _("(machine translated)")
    assert told == [_("Tagged as evidence: %(target)s")
                    % {"target": f"[pl] Will sign finished {marked}"}]


# The Engagement Model and evidence, as the pages show them ------------------------------

def test_an_engagement_note_shows_under_its_area_dated_newest_first(world):
    plan_for(world.pupil, engagement_model=True)
    client = signed_in(world.class_teacher)
    url = reverse("targets:engagement", args=[world.pupil.pk])
    for day, note in (("5", "Looked for the hidden ball"), ("12", "Found the ball again")):
        answer = client.post(url, {"area": "anticipation", "note": note, "target": "",
                                   "noticed_on_day": day, "noticed_on_month": "1",
                                   "noticed_on_year": "2026"})
        assert answer.status_code == 302 and answer["Location"] == url
    page = client.get(url).content.decode()
    section = page.split(f">{EngagementArea.ANTICIPATION.label}</h2>", 1)[1].split("<h2", 1)[0]
    assert section.index("12 January 2026") < section.index("Found the ball again") \
        < section.index("5 January 2026") < section.index("Looked for the hidden ball")
    other = page.split(f">{EngagementArea.EXPLORATION.label}</h2>", 1)[1].split("<h2", 1)[0]
    assert "ball" not in other


def test_evidence_is_shown_newest_first(world):
    target = target_for(world.pupil)
    for day, note in ((3, "Asked with a sign at snack"), (10, "Asked with her card at play"),
                      (6, "Asked at lunch")):
        actions.do_add_evidence(world.class_teacher, world.pupil, targets=[target], note=note,
                                happened_on=datetime.date(2026, 2, day))
    page = signed_in(world.class_teacher).get(
        reverse("targets:target", args=[target.pk])).content.decode()
    shown = [page.index(note) for note in ("Asked with her card at play", "Asked at lunch",
                                           "Asked with a sign at snack")]
    assert shown == sorted(shown)
