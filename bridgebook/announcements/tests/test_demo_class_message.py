"""Issue 5's "done when", on the demo trust: the office sends a text to Rowan class; each
family gets it in its own language on its own channels; Lucas's father, who lives apart,
gets his own copy and Ellie's father, restricted by a court order, none; the delivery report
shows it all; and the class teacher's late-evening message waits until the morning."""

from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from bridgebook.announcements.models import Announcement
from bridgebook.announcements.tests.conftest import TUESDAY_10, at
from bridgebook.conftest import signed_in
from bridgebook.core.models import Role, School, StaffRole
from bridgebook.messaging import actions
from bridgebook.messaging.models import ConversationMessage, Delivery, Message, OutboxMessage
from bridgebook.people.models import Contact, Pupil, SchoolClass

Channel = Delivery.Channel


@pytest.fixture
def demo(db, settings):
    call_command("seed_demo", stdout=StringIO())
    # What make demo runs with: the local backend marks each translation ("[pl] …").
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}
    return School.objects.get(name__startswith="Mapledown")


def _channels(message: Message) -> dict[str, str]:
    return {d.channel: d.status for d in message.deliveries.all()}


def test_office_texts_rowan_class_and_every_family_hears_in_its_own_way(
        demo, django_capture_on_commit_callbacks):
    office = StaffRole.objects.filter(school=demo, role=Role.OFFICE).first().user
    rowan = SchoolClass.objects.get(school=demo, name="Rowan")
    client = signed_in(office)
    with time_machine.travel(TUESDAY_10, tick=True):
        response = client.post(reverse("announcements:new", args=[demo.urn]), {
            "subject": "Swimming moves to Thursday",
            "body": "Swimming is on Thursday this week. Please send a towel.",
            "audience": Announcement.Audience.CLASSES, "classes": [rowan.pk],
            "language": "en"})
        assert response.status_code == 302
        announcement = Announcement.objects.get(subject="Swimming moves to Thursday")
        preview = client.get(reverse("announcements:detail", args=[demo.urn, announcement.pk]))
        assert preview.status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("announcements:send", args=[demo.urn, announcement.pk]))

    got = {m.contact.full_name: m for m in Message.objects.filter(
        kind="announcement", source_id=announcement.pk).select_related(
            "contact").prefetch_related("deliveries")}
    # Every entitled contact of the class, once; never the father under a court order.
    rowan_contacts = set(Contact.objects.filter(
        pupil_links__pupil__school_class=rowan).values_list("pk", flat=True))
    assert "Dean Turner" not in got and len(got) >= 6
    assert {m.contact_id for m in got.values()} <= rowan_contacts

    # Each in their own language (Polish, Portuguese; English as written).
    assert got["Agnieszka Nowak"].language == "pl"
    assert got["Agnieszka Nowak"].subject == "[pl] Swimming moves to Thursday"
    assert got["Beatriz Silva"].subject == "[pt] Swimming moves to Thursday"
    assert got["Kerry Turner"].subject == "Swimming moves to Thursday"
    assert "About: Ellie" in got["Kerry Turner"].body

    # Each on their own channels: the app always, then what they chose.
    assert _channels(got["Agnieszka Nowak"]) == {"app": "delivered", "email": "sent"}
    assert _channels(got["Piotr Nowak"]) == {"app": "delivered", "sms": "sent"}
    assert _channels(got["Kerry Turner"]) == {"app": "delivered", "sms": "sent"}

    # Lucas's parents live apart: each gets their own copy, by their own channel.
    beatriz, rui = got["Beatriz Silva"], got["Rui Silva"]
    assert beatriz.pk != rui.pk and beatriz.contact.household_id != rui.contact.household_id
    assert _channels(beatriz) == {"app": "delivered", "email": "sent"}
    assert _channels(rui) == {"app": "delivered", "sms": "sent"}
    assert OutboxMessage.objects.filter(channel="sms", to=rui.contact.mobile).exists()
    assert [beatriz.contact.email] in [email.to for email in mail.outbox]
    dean = Contact.objects.get(school=demo, first_name="Dean", last_name="Turner")
    assert not OutboxMessage.objects.filter(to__in=[dean.email, dean.mobile]).exists()
    assert not any(dean.email in email.to for email in mail.outbox)

    # The delivery report names who was reached and how, and never the restricted father.
    report = client.get(reverse("announcements:report", args=[demo.urn, announcement.pk]))
    page = report.content.decode()
    for name in ("Agnieszka Nowak", "Piotr Nowak", "Beatriz Silva", "Rui Silva",
                 "Kerry Turner"):
        assert name in page
    assert "Dean Turner" not in page


def test_class_teachers_late_evening_message_waits_until_morning(
        demo, django_capture_on_commit_callbacks):
    teacher = StaffRole.objects.get(school=demo, user__full_name="Marcus Reid").user
    lucas = Pupil.objects.get(school=demo, legal_first_name="Lucas")
    with time_machine.travel(at(1, 21, 30), tick=False):   # Tuesday 21:30
        with django_capture_on_commit_callbacks(execute=True):
            actions.do_start_conversation(
                pupil=lucas, author=teacher, subject="Lucas's trainers",
                body="Lucas left his trainers at school; they are in his bag tomorrow.")
    # Lucas's parents live apart: each has a conversation of their own.
    messages = Message.objects.filter(
        kind="conversation",
        source_id__in=ConversationMessage.objects.filter(
            conversation__subject="Lucas's trainers").values("pk"),
    ).prefetch_related("deliveries").select_related("contact")
    by_name = {m.contact.full_name: m for m in messages}
    assert set(by_name) == {"Beatriz Silva", "Rui Silva"}
    assert ConversationMessage.objects.filter(
        conversation__subject="Lucas's trainers").count() == 2
    # In the app at once; the email and the text wait for 08:00 on Wednesday.
    for message in messages:
        app = message.deliveries.get(channel=Channel.APP)
        assert app.status == Delivery.Status.DELIVERED
        for held in message.deliveries.exclude(channel=Channel.APP):
            assert held.status == Delivery.Status.QUEUED and held.sent_at is None
            assert held.next_attempt_at == at(2, 8, 0)
    OutboxMessage.objects.all().delete()   # what the demo itself sent on seeding
    mail.outbox.clear()

    with time_machine.travel(at(2, 8, 1), tick=False):     # Wednesday 08:01
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_due_deliveries", stdout=StringIO())
    assert set(Delivery.objects.filter(message__in=messages).exclude(
        channel=Channel.APP).values_list("status", flat=True)) == {Delivery.Status.SENT}
    beatriz, rui = by_name["Beatriz Silva"].contact, by_name["Rui Silva"].contact
    assert [email.to for email in mail.outbox if "trainers" in email.body] == [
        [beatriz.email]]
    assert list(OutboxMessage.objects.filter(body__contains="trainers").values_list(
        "channel", "to")) == [("sms", rui.mobile)]
