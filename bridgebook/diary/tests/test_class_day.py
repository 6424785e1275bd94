"""The teacher's day (``diary:class_day``) and the school's activity list.

Time is frozen at 10:00 on Tuesday 10 March 2026 in London; the school is in London.
"""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from bridgebook.conftest import PERSONAS, persona, signed_in
from bridgebook.core.models import AuditEvent, Role, StaffRole
from bridgebook.core.tests.queries import ENTRY_EXTRAS, STAFF_FRAME
from bridgebook.diary import day as days
from bridgebook.diary.hooks import entry_published
from bridgebook.diary.models import Activity, Entry, EntryRevision
from bridgebook.messaging import actions as messaging_actions
from bridgebook.messaging.access import readable_conversations
from bridgebook.messaging.conversations import unread_family_messages_for_staff
from bridgebook.people.tests.factories import ClassStaffFactory, PupilFactory

TODAY = dt.date(2026, 3, 10)
NOW = dt.datetime(2026, 3, 10, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def swimming(world):
    return Activity.objects.create(school=world.school, name="Swimming")


@pytest.fixture
def cooking(world):
    return Activity.objects.create(school=world.school, name="Cooking")


@pytest.fixture
def announced():
    """Entry ids announced through the publish hook, in order."""
    seen = []

    def receiver(sender, entry_id, pupil_id, origin, **kwargs):
        seen.append(entry_id)

    entry_published.connect(receiver, dispatch_uid="class-day-test")
    yield seen
    entry_published.disconnect(dispatch_uid="class-day-test")


def day_url(world, day: str | None = None) -> str:
    if day is None:
        return reverse("diary:class_day", args=[world.class_a.pk])
    return reverse("diary:class_day_on", args=[world.class_a.pk, day])


def class_of(world, size: int) -> list:
    """Class A with ``size`` pupils in all (Amira Hassan and size - 1 more)."""
    more = [PupilFactory(school=world.school, school_class=world.class_a,
                         legal_last_name=f"Zed{n}") for n in range(size - 1)]
    return [world.pupil, *more]


def page_data(client, url) -> dict:
    """The form as the page would post it untouched: hidden fields and pre-filled values."""
    response = client.get(url)
    assert response.status_code == 200
    context = response.context
    data = {"shown_activities": [str(v) for v in context["class_form"]["shown_activities"]
                                 .value() or []],
            "shown_text": context["class_form"]["shown_text"].value() or "",
            "activities": sorted(context["chosen_activities"]),
            "activities_text": context["class_form"]["activities_text"].value() or ""}
    for row in context["pupils"]:
        form, prefix = row["form"], row["prefix"]
        data[f"{prefix}-version"] = form["version"].value() or ""
        data[f"{prefix}-mood"] = row["mood"]
        data[f"{prefix}-lunch"] = row["lunch"]
        data[f"{prefix}-note"] = form["note"].value() or ""
        if form["well_done"].value():
            data[f"{prefix}-well_done"] = "on"
    return {key: value for key, value in data.items() if value not in ("", [])}


def school_entry(pupil, **fields) -> Entry:
    activities = fields.pop("activities", [])
    entry = Entry.objects.create(pupil=pupil, origin=Entry.Origin.SCHOOL, date=TODAY,
                                 **fields)
    entry.activities.set(activities)
    return entry


# Who may use the pages -------------------------------------------------------------------

CLASS_DAY = {"class_teacher": 200, "principal": 200, "office": 200, "senco": 200,
             "therapist": 200, "trust_admin": 200}
ACTIVITIES = {"principal": 200, "office": 200, "senco": 200, "trust_admin": 200,
              "class_teacher": 403, "other_teacher": 403, "therapist": 403}


@pytest.mark.parametrize("name", PERSONAS)
def test_class_day_personas(world, name):
    response = signed_in(persona(world, name)).get(day_url(world))
    if name == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:sign_in"))
    else:
        assert response.status_code == CLASS_DAY.get(name, 404)


@pytest.mark.parametrize("name", [n for n in PERSONAS if n not in CLASS_DAY])
def test_class_day_post_refused_saves_nothing(world, name):
    response = signed_in(persona(world, name)).post(
        day_url(world), {f"p{world.pupil.pk}-mood": "4", f"p{world.pupil.pk}-note": "Hi"})
    assert response.status_code == (302 if name == "anonymous" else 404)
    assert not Entry.objects.exists()


@pytest.mark.parametrize("name", PERSONAS)
def test_activities_personas(world, name):
    response = signed_in(persona(world, name)).get(
        reverse("diary:activities", args=[world.school.urn]))
    if name == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == ACTIVITIES.get(name, 404)


@pytest.mark.parametrize("name", [n for n in PERSONAS if n not in ACTIVITIES
                                  or ACTIVITIES[n] != 200])
def test_activities_post_refused_changes_nothing(world, name):
    response = signed_in(persona(world, name)).post(
        reverse("diary:activities", args=[world.school.urn]),
        {"action": "add", "new-name": "Rebound"})
    assert response.status_code == (302 if name == "anonymous" else ACTIVITIES.get(name, 404))
    assert not Activity.objects.exists()


def test_another_class_is_not_found_for_a_class_teacher(world):
    response = signed_in(world.class_teacher).get(
        reverse("diary:class_day", args=[world.class_b.pk]))
    assert response.status_code == 404


# Days ------------------------------------------------------------------------------------

@pytest.mark.parametrize("day", ["yesterday", "2026-3-10", "20260310", "2026-02-30",
                                 "2026-03-10x", "0000-01-01"])
def test_a_day_that_is_not_a_date_is_not_found(world, day):
    assert signed_in(world.class_teacher).get(day_url(world, day)).status_code == 404


def test_a_future_day_is_refused_politely(world):
    client = signed_in(world.class_teacher)
    response = client.get(day_url(world, "2026-03-11"))
    assert response.status_code == 200
    assert "That day has not happened yet" in response.text
    assert "Wednesday 11 March 2026" in response.text
    assert 'name="p' not in response.text  # no form to fill in
    response = client.post(day_url(world, "2026-03-11"),
                           {f"p{world.pupil.pk}-mood": "4"})
    assert response.status_code == 400
    assert not Entry.objects.exists()


def test_today_is_the_schools_today(world):
    """Just after midnight in London it is already the new day there (23:30 UTC in BST)."""
    with time_machine.travel(dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC), tick=False):
        assert days.school_today(world.school) == dt.date(2026, 7, 1)
        response = signed_in(world.class_teacher).get(day_url(world))
        assert response.context["day"] == dt.date(2026, 7, 1)


def test_an_earlier_day_can_be_written(world):
    client = signed_in(world.class_teacher)
    response = client.post(day_url(world, "2026-03-09"),
                           {f"p{world.pupil.pk}-mood": "4", "save": "1"})
    assert response.status_code == 302
    assert response.url == day_url(world, "2026-03-09")
    assert Entry.objects.get().date == dt.date(2026, 3, 9)


def test_pupils_who_have_left_are_not_on_the_page(world):
    PupilFactory(school=world.school, school_class=world.class_a, legal_first_name="Gone",
                 legal_last_name="Away", leaving_date=dt.date(2026, 3, 9))
    PupilFactory(school=world.school, school_class=world.class_a, legal_first_name="Last",
                 legal_last_name="Day", leaving_date=TODAY)
    response = signed_in(world.class_teacher).get(day_url(world))
    names = [row["pupil"].display_name for row in response.context["pupils"]]
    assert names == ["Last Day", "Amira Hassan"] or sorted(names) == ["Amira Hassan",
                                                                       "Last Day"]
    assert "Gone Away" not in response.text


# Saving and publishing -------------------------------------------------------------------

def test_save_drafts_creates_entries_only_for_pupils_with_something(world, swimming,
                                                                    cooking, announced,
                                                                    django_capture_on_commit_callbacks):
    amira, other, absent = class_of(world, 3)
    client = signed_in(world.class_teacher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(day_url(world), {
            "activities": [swimming.pk, cooking.pk], "activities_text": "Visit to the farm",
            f"p{amira.pk}-mood": "4", f"p{amira.pk}-lunch": "most",
            f"p{amira.pk}-well_done": "on", f"p{amira.pk}-note": "  Swam a width!  ",
            f"p{other.pk}-note": "Tired today", "save": "1",
        })
    assert response.status_code == 302
    entries = {e.pupil_id: e for e in Entry.objects.all()}
    assert set(entries) == {amira.pk, other.pk}
    entry = entries[amira.pk]
    assert (entry.status, entry.origin, entry.date, entry.author) == (
        "draft", "school", TODAY, world.class_teacher)
    assert (entry.mood, entry.food, entry.stickers, entry.note) == (
        4, {"lunch": "most"}, ["well_done"], "Swam a width!")
    # The class activities are copied to every pupil's entry.
    for saved in entries.values():
        assert set(saved.activities.values_list("pk", flat=True)) == {swimming.pk, cooking.pk}
        assert saved.activities_text == "Visit to the farm"
    assert announced == []  # drafts are not announced
    assert AuditEvent.objects.filter(action="create", object_type="entry").count() == 2
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Saved drafts for 2 pupils" in m for m in messages)
    assert any(absent.display_name in m and "Nothing written" in m for m in messages)


def test_publish_publishes_each_pupil_with_content_and_announces_once(
        world, swimming, announced, django_capture_on_commit_callbacks):
    pupils = class_of(world, 4)
    absent = pupils[3]
    client = signed_in(world.class_teacher)
    data = {"activities": [swimming.pk], "publish": "1"}
    for pupil in pupils[:3]:
        data[f"p{pupil.pk}-mood"] = "5"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(day_url(world), data)
    assert response.status_code == 302
    entries = list(Entry.objects.order_by("pk"))
    assert len(entries) == 3
    assert all(e.status == "published" and e.published_at is not None for e in entries)
    assert sorted(announced) == [e.pk for e in entries]  # once per entry
    assert not Entry.objects.filter(pupil=absent).exists()
    page = client.get(response.url)
    assert "Published the book for Tuesday 10 March for 3 pupils" in page.text
    assert f"Nothing written for {absent.display_name}" in page.text
    assert page.text.count("govuk-tag--green") == 3

    # Publishing again announces nothing new; a changed published entry keeps its history.
    data = page_data(client, day_url(world))
    data[f"p{pupils[0].pk}-note"] = "Added later"
    data["publish"] = "1"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(day_url(world), data)
    assert len(announced) == 3
    changed = Entry.objects.get(pupil=pupils[0])
    assert (changed.note, changed.version, changed.status) == ("Added later", 2, "published")
    assert EntryRevision.objects.get(entry=changed).snapshot["note"] == ""
    page = client.get(response.url)
    assert "Already published (changes saved)" in page.text


def test_an_entry_with_only_activities_is_not_published(world, swimming, announced,
                                                        django_capture_on_commit_callbacks):
    draft = school_entry(world.pupil, activities=[swimming])
    client = signed_in(world.class_teacher)
    data = page_data(client, day_url(world))
    data["publish"] = "1"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(day_url(world), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert announced == []


def test_existing_entries_prefill_the_page(world, swimming, cooking):
    amira, other = class_of(world, 2)
    school_entry(amira, mood=2, food={"lunch": "some", "drinks": "Water"},
                 stickers=["well_done"], note="Upset at lunch", activities=[swimming, cooking],
                 activities_text="Farm", status="published")
    school_entry(other, mood=4, activities=[swimming], activities_text="Farm")
    response = signed_in(world.class_teacher).get(day_url(world))
    html = response.text
    assert f'id="p{amira.pk}-mood-2" name="p{amira.pk}-mood" type="radio" value="2" checked' \
        in html
    assert f'id="p{amira.pk}-lunch-some" name="p{amira.pk}-lunch" type="radio" ' \
           'value="some" checked' in html
    assert f'id="p{amira.pk}-well_done" name="p{amira.pk}-well_done" type="checkbox" ' \
           f'value="on" checked' in html
    assert "Upset at lunch</textarea>" in html
    # The class activities shown are what every entry has in common.
    assert f'id="activity-{swimming.pk}" name="activities" type="checkbox" ' \
           f'value="{swimming.pk}" checked' in html
    assert f'id="activity-{cooking.pk}" name="activities" type="checkbox" ' \
           f'value="{cooking.pk}">' in html
    assert 'id="activities-text" name="activities_text" type="text" maxlength="300" ' \
           'value="Farm"' in html
    assert "govuk-tag--green" in html and "govuk-tag--grey" in html


def test_saving_updates_entries_and_keeps_what_the_page_does_not_show(world, swimming,
                                                                      cooking):
    rebound = Activity.objects.create(school=world.school, name="Rebound")
    amira, other = class_of(world, 2)
    first = school_entry(amira, mood=2, food={"lunch": "not_offered", "drinks": "Water"},
                         stickers=["star"], activities=[swimming, rebound],
                         achievements="Counted to ten")
    second = school_entry(other, activities=[swimming])
    client = signed_in(world.class_teacher)
    data = page_data(client, day_url(world))
    assert data["activities"] == [str(swimming.pk)]
    # The teacher swaps swimming for cooking for the class and gives Amira a sticker.
    data["activities"] = [str(cooking.pk)]
    data[f"p{amira.pk}-well_done"] = "on"
    data["save"] = "1"
    assert client.post(day_url(world), data).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    # Rebound (Amira's own) stays; swimming goes; cooking comes for both.
    assert set(first.activities.all()) == {cooking, rebound}
    assert set(second.activities.all()) == {cooking}
    assert first.food == {"lunch": "not_offered", "drinks": "Water"}
    assert first.stickers == ["star", "well_done"]
    assert (first.mood, first.achievements, first.version) == (2, "Counted to ten", 2)


def test_saving_an_untouched_page_changes_nothing(world, swimming):
    entry = school_entry(world.pupil, mood=3, note="Fine", activities=[swimming])
    client = signed_in(world.class_teacher)
    data = page_data(client, day_url(world))
    data["save"] = "1"
    response = client.post(day_url(world), data, follow=True)
    entry.refresh_from_db()
    assert entry.version == 1
    assert "Nothing to save" in response.text


def test_a_version_conflict_is_reported_and_the_others_save(world):
    amira, other, third = class_of(world, 3)
    mine = school_entry(amira, mood=3, note="Morning was calm")
    client = signed_in(world.class_teacher)
    data = page_data(client, day_url(world))
    # Meanwhile a teaching assistant changes Amira's entry on the full form.
    Entry.objects.filter(pk=mine.pk).update(note="Bumped head at 11:00", version=2)
    data.update({f"p{amira.pk}-note": "Morning was calm, lovely afternoon",
                 f"p{amira.pk}-mood": "5", f"p{other.pk}-mood": "4",
                 f"p{third.pk}-note": "Great swim", "publish": "1"})
    response = client.post(day_url(world), data)
    assert response.status_code == 200
    mine.refresh_from_db()
    assert (mine.note, mine.mood, mine.version, mine.status) == (
        "Bumped head at 11:00", 3, 2, "draft")
    assert Entry.objects.get(pupil=other).status == "published"
    assert Entry.objects.get(pupil=third).note == "Great swim"
    html = response.text
    assert f"Not saved for {amira.display_name}" in html
    # What the teacher wrote is shown beside the pupil, and the page now has the new text.
    assert "Note: Morning was calm, lovely afternoon" in html
    assert "Mood: Very happy" in html
    assert "Bumped head at 11:00</textarea>" in html
    assert f'name="p{amira.pk}-version" value="2"' in html


def test_an_entry_started_elsewhere_meanwhile_is_a_conflict(world):
    client = signed_in(world.class_teacher)
    data = page_data(client, day_url(world))
    school_entry(world.pupil, note="Written on the full form")
    data.update({f"p{world.pupil.pk}-note": "From the class page", "save": "1"})
    response = client.post(day_url(world), data)
    assert response.status_code == 200
    assert Entry.objects.get().note == "Written on the full form"
    assert "Not saved for Amira Hassan" in response.text


# Bad input -------------------------------------------------------------------------------

def test_an_unknown_activity_is_refused_and_nothing_is_saved(world, swimming):
    retired = Activity.objects.create(school=world.school, name="Old", is_active=False)
    elsewhere = Activity.objects.create(school=world.other_school, name="Theirs")
    client = signed_in(world.class_teacher)
    for bad in ["999999", str(retired.pk), str(elsewhere.pk), "swim"]:
        response = client.post(day_url(world), {
            "activities": [str(swimming.pk), bad], f"p{world.pupil.pk}-mood": "4",
            "save": "1"})
        assert response.status_code == 200
        assert "Choose activities from the school&#x27;s list" in response.text
        assert 'href="#activity-' in response.text
    assert not Entry.objects.exists()


@pytest.mark.parametrize("mood", ["0", "6", "happy", "-1"])
def test_a_mood_out_of_range_is_refused_and_nothing_is_half_saved(world, mood):
    other = class_of(world, 2)[1]
    client = signed_in(world.class_teacher)
    response = client.post(day_url(world), {
        f"p{other.pk}-mood": "4", f"p{other.pk}-note": "Fine",
        f"p{world.pupil.pk}-mood": mood, "publish": "1"})
    assert response.status_code == 200
    assert "Choose Amira Hassan&#x27;s mood from the five on the page" in response.text
    assert f'href="#p{world.pupil.pk}-mood-1"' in response.text
    assert not Entry.objects.exists()
    # What the teacher wrote for the others is still on the page.
    assert "Fine</textarea>" in response.text


def test_a_lunch_and_a_version_that_make_no_sense_are_refused(world):
    client = signed_in(world.class_teacher)
    response = client.post(day_url(world), {f"p{world.pupil.pk}-lunch": "everything",
                                            f"p{world.pupil.pk}-version": "x"})
    assert "Choose how much lunch Amira Hassan ate" in response.text
    assert "The page for Amira Hassan was damaged" in response.text
    assert not Entry.objects.exists()


# Messages from families in conversations -------------------------------------------------

def _row(response, pupil) -> dict:
    (row,) = [row for row in response.context["pupils"] if row["pupil"].pk == pupil.pk]
    return row


def test_an_unread_family_message_is_shown_on_the_pupils_row_until_read(world):
    message = messaging_actions.do_start_conversation(
        pupil=world.pupil, author=world.parent, subject="Swimming on Friday",
        body="Is it still on?")
    url = reverse("messaging:conversation", args=[message.conversation_id])
    client = signed_in(world.class_teacher)
    response = client.get(day_url(world))
    news = _row(response, world.pupil)["conversations"]
    assert (news.messages, news.url) == (1, url)
    assert "1 message not read yet" in response.text
    assert "in conversations with Amira Hassan's family" in response.text
    assert f'href="{url}"' in response.text
    # Staff's words are not news from the family (the SENCO answers here; a teacher who
    # replies has read the thread).
    messaging_actions.do_reply(conversation=message.conversation, author=world.senco,
                               body="Yes, it is.")
    assert _row(client.get(day_url(world)), world.pupil)["conversations"].messages == 1
    # Read, it is gone.
    assert client.get(url).status_code == 200
    response = client.get(day_url(world))
    assert _row(response, world.pupil)["conversations"] is None
    assert "not read yet" not in response.text
    # A new message from the family brings it back.
    with time_machine.travel(NOW + dt.timedelta(minutes=5), tick=False):
        messaging_actions.do_reply(conversation=message.conversation, author=world.parent,
                                   body="Thank you")
        response = client.get(day_url(world))
    assert _row(response, world.pupil)["conversations"].messages == 1


def test_each_households_conversation_counts_and_links_to_the_pupils_conversations(world):
    messaging_actions.do_start_conversation(
        pupil=world.pupil, author=world.parent, subject="Swimming", body="Is it on?")
    away = messaging_actions.do_start_conversation(
        pupil=world.pupil, author=world.separated_parent, subject="Pick-up", body="Friday?")
    messaging_actions.do_reply(conversation=away.conversation, author=world.separated_parent,
                               body="At three?")
    response = signed_in(world.class_teacher).get(day_url(world))
    news = _row(response, world.pupil)["conversations"]
    assert news.messages == 3 and len(news.conversation_ids) == 2
    assert news.url == reverse("messaging:pupil_conversations", args=[world.pupil.pk])
    assert "3 messages not read yet" in response.text
    # Each family member sees only their own household's conversation.
    assert [c.subject for c in readable_conversations(world.parent)] == ["Swimming"]


def test_staff_not_the_class_teacher_or_kept_from_the_pupil_are_not_shown_messages(world):
    messaging_actions.do_start_conversation(
        pupil=world.pupil, author=world.parent, subject="Swimming", body="Is it on?")
    # The principal may open Class A's day, but is not its class teacher.
    response = signed_in(world.principal).get(day_url(world))
    assert all(row["conversations"] is None for row in response.context["pupils"])
    # A class teacher a court order keeps from Amira is never told, even as class teacher.
    StaffRole.objects.create(user=world.restricted_parent, school=world.school,
                             role=Role.CLASS_TEACHER)
    ClassStaffFactory(school_class=world.class_a, user=world.restricted_parent,
                      is_class_teacher=True)
    assert unread_family_messages_for_staff(world.restricted_parent, [world.pupil.pk]) == {}
    response = signed_in(world.restricted_parent).get(day_url(world))
    assert "not read yet" not in response.text and "Amira" not in response.text


# Query counts ----------------------------------------------------------------------------

@pytest.mark.parametrize("size", [3, 8])
def test_class_day_query_count_is_constant(world, size, swimming, cooking,
                                           django_assert_num_queries):
    Activity.objects.create(school=world.school, name="Music")
    for pupil in class_of(world, size):
        school_entry(pupil, mood=4, activities=[swimming, cooking])
        # A home entry and an entry of another day are not loaded.
        Entry.objects.create(pupil=pupil, origin=Entry.Origin.HOME, date=TODAY, note="Hi")
        school_entry(pupil, mood=1).__class__.objects.filter(pupil=pupil, mood=1).update(
            date=TODAY - dt.timedelta(days=1))
        # A conversation with a message from the family the teacher has not read.
        messaging_actions.do_start_conversation(pupil=pupil, author=world.parent,
                                                subject="Swimming", body="Is it on?")
    client = signed_in(world.class_teacher)
    url = day_url(world)
    assert client.get(url).status_code == 200  # warm the session
    # STAFF_FRAME, then:
    # 1. the class with its school (access_class)
    # 2. the school's active activities
    # 3. the pupils of the class with their school, not left
    # 4. their school entries for the day (prefetch)
    # 5. those entries' activities (prefetch)
    # 6. home entries and family replies the teacher has not read, per pupil
    # 7. family messages in conversations the teacher has not read, per conversation
    # and what other apps show with the entries (ENTRY_EXTRAS)
    with django_assert_num_queries(STAFF_FRAME + 7 + ENTRY_EXTRAS):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["pupils"]) == size
    assert [row["conversations"].messages for row in response.context["pupils"]] == [1] * size


# The activity list -----------------------------------------------------------------------

def test_add_rename_retire_and_bring_back_an_activity(world):
    client = signed_in(world.office)
    url = reverse("diary:activities", args=[world.school.urn])
    response = client.post(url, {"action": "add", "new-name": "  Rebound   therapy "})
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (activity.name, activity.school, activity.is_active) == (
        "Rebound therapy", world.school, True)

    response = client.post(url, {"action": "add", "new-name": "rebound THERAPY"})
    assert "There is already an activity called Rebound therapy" in response.text
    assert Activity.objects.count() == 1

    client.post(url, {"action": "rename", "activity": activity.pk,
                      f"a{activity.pk}-name": "Rebound"})
    activity.refresh_from_db()
    assert activity.name == "Rebound"

    client.post(url, {"action": "retire", "activity": activity.pk})
    activity.refresh_from_db()
    assert not activity.is_active
    # Retired: no longer offered on the class page.
    page = signed_in(world.class_teacher).get(day_url(world))
    assert "Rebound" not in page.text

    client.post(url, {"action": "restore", "activity": activity.pk})
    activity.refresh_from_db()
    assert activity.is_active
    assert AuditEvent.objects.filter(object_type="activity").count() == 4


def test_renaming_to_an_empty_or_taken_name_is_refused(world, swimming, cooking):
    client = signed_in(world.principal)
    url = reverse("diary:activities", args=[world.school.urn])
    response = client.post(url, {"action": "rename", "activity": swimming.pk,
                                 f"a{swimming.pk}-name": "Cooking"})
    assert "There is already an activity called Cooking" in response.text
    assert f'href="#a{swimming.pk}-name"' in response.text
    response = client.post(url, {"action": "rename", "activity": swimming.pk,
                                 f"a{swimming.pk}-name": "   "})
    assert response.status_code == 200
    swimming.refresh_from_db()
    assert swimming.name == "Swimming"


def test_another_schools_activity_cannot_be_changed(world):
    theirs = Activity.objects.create(school=world.other_school, name="Theirs")
    response = signed_in(world.principal).post(
        reverse("diary:activities", args=[world.school.urn]),
        {"action": "retire", "activity": theirs.pk})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_active


@pytest.mark.parametrize("size", [3, 8])
def test_activities_query_count_is_constant(world, size, django_assert_num_queries):
    for n in range(size):
        Activity.objects.create(school=world.school, name=f"Activity {n}",
                                is_active=n % 2 == 0)
    client = signed_in(world.office)
    url = reverse("diary:activities", args=[world.school.urn])
    assert client.get(url).status_code == 200  # warm the session
    # STAFF_FRAME, then:
    # 1. the school (access_school)
    # 2. the school's activities, in use and retired
    with django_assert_num_queries(STAFF_FRAME + 2):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["rows"]) == size


def test_an_entry_started_while_saving_is_not_doubled(world, monkeypatch):
    """Another teacher's save lands between this page's read and its write."""
    client = signed_in(world.class_teacher)
    data = page_data(client, day_url(world))
    data.update({f"p{world.pupil.pk}-note": "From this page", "save": "1"})
    real_class_day = days.class_day

    def read_then_someone_else_writes(*args, **kwargs):
        rows = real_class_day(*args, **kwargs)
        if not Entry.objects.exists():
            school_entry(world.pupil, note="From the other tablet")
        return rows

    monkeypatch.setattr(days, "class_day", read_then_someone_else_writes)
    response = client.post(day_url(world), data)
    assert response.status_code == 200
    assert list(Entry.objects.values_list("note", flat=True)) == ["From the other tablet"]
    assert "Not saved for Amira Hassan" in response.text


@pytest.mark.parametrize(("current", "shown", "chosen", "expected"), [
    ("", "Farm", "Farm", "Farm"),               # copied to a pupil who had none
    ("Farm", "Farm", "Park", "Park"),           # the teacher changed it for the class
    ("Physio", "Farm", "Farm", "Physio"),       # the pupil's own text stays
    ("Physio", "Farm", "Park", "Park"),         # unless the class text changed
    ("Farm", "Farm", "", ""),                   # cleared for the class
])
def test_merge_other_activities_text(current, shown, chosen, expected):
    ids, text = days.merge_activities(current_ids={1, 9}, current_text=current,
                                      shown_ids={1, 2}, shown_text=shown, chosen_ids={2, 3},
                                      chosen_text=chosen)
    assert ids == {9, 2, 3}
    assert text == expected
