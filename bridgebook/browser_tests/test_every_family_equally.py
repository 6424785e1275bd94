"""Issue 9's pages in the browser, at phone and desktop widths, each checked with axe: a
teacher writes to both of a child's households (a conversation each); reads a mother's
Urdu in English and opens the original; a mother writes from home and chooses whether the
child's other home sees it, and acknowledges an incident with a note; a family member
lands in their own language, right to left, and reads a teacher's message machine
translated with the original a tap away; a Bengali-reading father lands in Bengali; the
principal's Messaging settings page; a restricted contact's page offers no invitation, and
the principal is told when a member of staff is one."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bridgebook.browser_tests.conftest import check_axe, check_translated_then_original
from bridgebook.core.models import Role, StaffRole
from bridgebook.diary import actions
from bridgebook.diary.models import Entry
from bridgebook.messaging import actions as messaging_actions
from bridgebook.people.tests.factories import ClassStaffFactory
from bridgebook.translation.standard_terms import ensure_standard_terms

pytestmark = pytest.mark.django_db(transaction=True)

URDU = "زارا نے آج بہت اچھا کھانا کھایا۔"


@pytest.fixture(autouse=True)
def _local_translation(settings, transactional_db):
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}
    ensure_standard_terms()


def test_a_teacher_writes_to_both_households_one_conversation_each(page, world, sign_in_as):
    sign_in_as(page, world.class_teacher)
    page.goto(f"/messages/pupils/{world.pupil.pk}/conversations/new/")
    expect(page.get_by_label("Layla Hassan (mother, lives with the pupil)")).to_be_checked()
    expect(page.get_by_label("Omar Hassan (father, lives elsewhere)")).to_be_checked()
    check_axe(page)
    page.get_by_label("Subject").fill("Parents' evening")
    page.get_by_label("Message").fill("Parents' evening is on Thursday.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("2 conversations were started")).to_be_visible()
    expect(page.get_by_text("With: Layla Hassan")).to_be_visible()
    expect(page.get_by_text("With: Omar Hassan")).to_be_visible()
    check_axe(page)


def test_a_teacher_reads_a_mothers_urdu_in_english_and_opens_the_original(
        page, world, sign_in_as):
    world.parent_contact.language = "ur"
    world.parent_contact.save(update_fields=["language"])
    entry = actions.do_create_entry(pupil=world.pupil, author=world.parent,
                                    origin=Entry.Origin.HOME, date=timezone.localdate(),
                                    data={"home_news": URDU}, publish=True)
    assert entry.language == "ur"
    sign_in_as(page, world.class_teacher)
    page.goto(f"/entries/{entry.pk}/")
    translated = page.locator(".bb-translated").first
    expect(translated).to_contain_text(f"[en] {URDU}")
    assert translated.get_attribute("lang") == "en"
    expect(page.get_by_text("Machine translation").first).to_be_visible()
    original = page.locator(".bb-original").first
    expect(original).to_be_hidden()
    check_axe(page)
    page.get_by_text("Show the original (Urdu)").first.click()
    expect(original).to_be_visible()
    assert original.get_attribute("dir") == "rtl" and original.get_attribute("lang") == "ur"
    check_axe(page)


def test_a_mother_writes_from_home_and_chooses_who_sees_it(page, world, sign_in_as):
    entry = actions.do_create_entry(
        pupil=world.pupil, author=world.class_teacher, origin=Entry.Origin.SCHOOL,
        date=timezone.localdate(), data={"note": "A busy morning."},
        incidents=[{"kind": "accident", "happened_at": datetime.time(10, 30),
                    "what_happened": "Bumped her knee.", "action_taken": "Cold compress."}],
        publish=True)
    sign_in_as(page, world.parent)
    page.goto(f"/pupils/{world.pupil.pk}/book/new/")
    share = page.get_by_label("Share this with the family at the child’s other home")
    expect(share).not_to_be_checked()
    check_axe(page)
    page.get_by_label("News from home").fill("We baked bread at the weekend.")
    page.get_by_role("button", name="Send to school").click()
    expect(page.get_by_text("We baked bread at the weekend.")).to_be_visible()
    check_axe(page)
    # An incident, acknowledged with a note for school.
    page.goto(f"/entries/{entry.pk}/")
    page.get_by_label("Anything you want to tell school about it (optional)").fill(
        "Her knee is fine tonight.")
    check_axe(page)
    page.get_by_role("button", name="I have read this").click()
    expect(page.get_by_text("You have read this", exact=True)).to_be_visible()
    check_axe(page)
    home = Entry.objects.get(origin=Entry.Origin.HOME)
    assert not home.shared_with_all and home.household_id == world.parent_contact.household_id


def test_a_family_member_lands_in_their_own_language_right_to_left(page, world, sign_in_as):
    sign_in_as(page, world.parent, interface_language=None)   # Layla reads Arabic
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"
    check_axe(page)


def test_a_mother_reads_the_teachers_message_in_arabic_right_to_left_and_the_original(
        page, world, sign_in_as):
    message = messaging_actions.do_start_conversation(
        pupil=world.pupil, author=world.class_teacher, subject="Swimming",
        body="Amira swam a width today.", contact_ids=[world.parent_contact.pk])
    sign_in_as(page, world.parent, interface_language=None)   # Layla reads Arabic
    page.goto(f"/messages/conversations/{message.conversation_id}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    check_translated_then_original(page, "ar", "[ar] Amira swam a width today.",
                                   "Amira swam a width today.")
    check_axe(page)


def test_the_principal_sets_the_schools_messaging(page, world, sign_in_as):
    sign_in_as(page, world.principal)
    page.goto(f"/messages/schools/{world.school.urn}/settings/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Messaging settings")
    expect(page.get_by_role("heading", name="Conversations with families")).to_be_visible()
    check_axe(page)


def test_a_father_lands_in_bengali(page, world, sign_in_as):
    world.separated_contact.language = "bn"
    world.separated_contact.save(update_fields=["language"])
    entry = actions.do_create_entry(pupil=world.pupil, author=world.class_teacher,
                                    origin=Entry.Origin.SCHOOL, date=timezone.localdate(),
                                    data={"note": "A calm morning."}, publish=True)
    assert entry.is_published
    sign_in_as(page, world.separated_parent, interface_language=None)
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "bn"
    assert page.locator("html").get_attribute("dir") == "ltr"
    expect(page.get_by_text("Amira").first).to_be_visible()
    check_axe(page)


def test_no_invitation_for_a_restricted_contact_and_the_principal_is_told(
        page, world, sign_in_as):
    # Rex Stone, restricted for Amira, also works as a teaching assistant in her class.
    StaffRole.objects.create(user=world.restricted_parent, school=world.school,
                             role=Role.TEACHING_ASSISTANT)
    ClassStaffFactory(school_class=world.class_a, user=world.restricted_parent)
    sign_in_as(page, world.principal)
    page.goto(f"/contacts/{world.restricted_contact.pk}/")
    expect(page.get_by_text("Bridgebook cannot invite this contact")).to_be_visible()
    expect(page.get_by_role("button", name="Invite to Bridgebook")).to_have_count(0)
    check_axe(page)
    page.goto("/")
    expect(page.get_by_text("A court order is in force: Rex Stone")).to_be_visible()
    check_axe(page)
