"""Not signing never changes anything (School Standards and Framework Act 1998 s.111; the
NAS policy: "No pupil will be excluded from school or suffer any adverse consequences on
account of a parent's/carers failure to sign").

The family journeys are run for Layla without a signature and again with one, and every
page, every form she sends and every message must be the same, but for the agreement
page's own signed or not-signed state. The pages are every family page Bridgebook has:
each GET route the route × persona table (bridgebook/core/tests/route_rules.py, with every
app's tests/routes.py) gives Layla, so a page an app adds later is in the journey without
anyone remembering to add it. The messages are those the school's usual work sends her:
an announcement, an entry in the home-school book, a new version of the agreement itself.
The forms are what a family does most: a reply in the home-school book, raising a concern,
booking a meeting (and each sent empty, which must be refused the same way).
"""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from bridgebook.agreements import actions
from bridgebook.agreements.models import Format, Signature
from bridgebook.agreements.tests import factories
from bridgebook.announcements import actions as announcement_actions
from bridgebook.announcements.tests.factories import AnnouncementFactory
from bridgebook.appointments.models import Appointment
from bridgebook.appointments.selectors import free_slots
from bridgebook.appointments.tests.helpers import window
from bridgebook.concerns.models import Concern
from bridgebook.conftest import signed_in
from bridgebook.core.tests.route_rules import RULES, Records
from bridgebook.diary import actions as diary_actions
from bridgebook.diary.models import Entry, Reply
from bridgebook.messaging.models import Message

MORNING = datetime.datetime(2026, 3, 10, 9, 30, tzinfo=datetime.UTC)
# The agreement page's own state: the only pages that may say whether she signed.
OWN_STATE = {"agreements:pupil", "agreements:sign"}
# What differs from one rendering to the next whatever anyone did: the CSRF token, and the
# ids the page numbers its glossary terms with as it renders them.
VOLATILE = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'), "csrf"),
    (re.compile(r'"csrfToken": *"[^"]+"|csrftoken=[^;"]+'), "csrf"),
    (re.compile(r"gl-\d+-"), "gl-N-"),
]


@pytest.fixture(autouse=True)
def _morning():
    with time_machine.travel(MORNING, tick=False):
        yield


def normalised(text: str) -> str:
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    return text


def family_pages(records: Records) -> list[tuple[str, str, str, dict]]:
    """(route, case, URL, settings) for each page the table gives Layla."""
    pages = []
    for route, cases in sorted(RULES.items()):
        if route in OWN_STATE:
            continue
        for case in cases:
            if case.method != "GET" or case.expect.get("parent") != 200 or case.session:
                continue
            url = reverse(route, args=list(case.args(records)))
            pages.append((route, case.label, url, dict(case.settings)))
    return pages


def read_every_page(client, pages) -> dict[str, tuple[int, str, str]]:
    seen = {}
    for route, label, url, settings in pages:
        with override_settings(**settings):
            response = client.get(url)
        kind = response.get("Content-Type", "")
        if response.streaming:
            body = "(streamed file)"
        elif kind.startswith("text/"):
            body = normalised(response.content.decode())
        else:
            body = f"({kind}, {len(response.content) > 0})"
        seen[f"{route} / {label}"] = (response.status_code, kind, body)
    return seen


def test_every_family_page_is_the_same_signed_or_not(world, foster_carer, settings):
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}
    version = factories.published(world.school, world.principal)
    records = Records(world)
    pages = family_pages(records)
    routes = {route for route, _label, _url, _settings in pages}
    # The journeys: landing page, the child's page and each tab, the book, the inboxes,
    # targets, booking a meeting, the admissions pack...
    assert {"core:home", "people:pupil", "diary:book", "announcements:inbox",
            "messaging:inbox", "appointments:book", "targets:pupil",
            "agreements:family_pack"} <= routes, sorted(routes)
    assert len(pages) >= 25
    client = signed_in(world.parent)
    read_every_page(client, pages)                 # what a first visit marks read, marked
    unsigned = read_every_page(client, pages)
    # Each opens (a questionnaire already answered on the first visit moves her on).
    assert all(status in (200, 302) for status, _kind, _body in unsigned.values()), {
        page: status for page, (status, _k, _b) in unsigned.items() if status >= 300}

    factories.sign(version, world.parent_contact, [world.pupil], format_=Format.EASY_READ,
                   language="ar")
    actions.do_mark_pupil_signs(pupil=world.pupil, acting_user=world.class_teacher, signs=True)
    assert Signature.objects.filter(contact=world.parent_contact).exists()
    signed = read_every_page(client, pages)

    different = [page for page in unsigned if unsigned[page] != signed[page]]
    assert different == []
    # ...while the agreement page itself says she signed.
    own = client.get(reverse("agreements:pupil", args=[world.pupil.pk])).content.decode()
    assert "You signed version 1" in own


class _Undo(Exception):
    pass


def messages_layla_gets(world, capture, *, signed: bool) -> list[tuple]:
    """Run the school's usual work (an announcement, a book entry, a new version of the
    agreement) and return what Layla was sent; then undo it all."""
    found: list[tuple] = []
    try:
        with transaction.atomic():
            version = factories.published(world.school, world.principal)
            if signed:
                factories.sign(version, world.parent_contact, [world.pupil])
            with capture(execute=True):
                announcement = AnnouncementFactory(school=world.school, author=world.office)
                announcement_actions.do_send(announcement=announcement,
                                             acting_user=world.office)
                diary_actions.do_create_entry(
                    pupil=world.pupil, author=world.class_teacher,
                    origin=Entry.Origin.SCHOOL, date=timezone.localdate(),
                    data={"note": "Amira painted a sunflower."}, publish=True)
                draft = actions.do_start_draft(school=world.school,
                                               acting_user=world.principal)
                actions.do_publish(version=draft, acting_user=world.principal,
                                   changes="Pupils have their own part now.")
            for message in Message.objects.filter(contact=world.parent_contact).order_by(
                    "kind", "subject"):
                channels = sorted(message.deliveries.values_list("channel", flat=True))
                body = re.sub(r"/\d+/", "/N/", message.body)
                found.append((message.kind, message.subject, body, message.language,
                              channels))
            raise _Undo
    except _Undo:
        pass
    return found


def test_every_message_is_the_same_signed_or_not(world, django_capture_on_commit_callbacks):
    unsigned = messages_layla_gets(world, django_capture_on_commit_callbacks, signed=False)
    signed = messages_layla_gets(world, django_capture_on_commit_callbacks, signed=True)
    kinds = {kind for kind, *_rest in unsigned}
    assert {"announcement", "agreement"} <= kinds, kinds
    assert signed == unsigned


# Forms she sends ------------------------------------------------------------------------------

MEETING_DAY = datetime.date(2026, 3, 12)        # the Thursday after MORNING


def _outcome(response) -> tuple:
    """What a form's answer says: its status, where it sends her (ids as N), the notices
    it shows, and the form's errors when it is shown again."""
    location = re.sub(r"\d+", "N", response.get("Location", ""))
    notices = [str(notice) for notice in get_messages(response.wsgi_request)]
    errors = re.findall(r'class="govuk-error-message"[^>]*>(.*?)</', response.content.decode(),
                        re.S) if response.status_code != 302 else []
    return response.status_code, location, notices, [e.strip() for e in errors]


def forms_layla_sends(world, client) -> dict[str, tuple]:
    """Layla replies in the book, raises a concern and books a meeting (each once filled
    in, once empty); what each answered and made, then what they made taken away again."""
    entry = diary_actions.do_create_entry(
        pupil=world.pupil, author=world.class_teacher, origin=Entry.Origin.SCHOOL,
        date=timezone.localdate(), data={"note": "Amira painted a sunflower."}, publish=True)
    slots = free_slots(school=world.school, staff_ids=[world.class_teacher.pk],
                       contacts=[world.parent_contact])[world.class_teacher.pk]
    reply_url = reverse("diary:reply", args=[entry.pk])
    raise_url = reverse("concerns:raise", args=[world.pupil.pk])
    book_url = reverse("appointments:book_confirm", args=[world.pupil.pk])
    seen = {
        "reply, empty": _outcome(client.post(reply_url, {"text": ""})),
        "reply": _outcome(client.post(reply_url, {"text": "She loved it."})),
        "concern, empty": _outcome(client.post(raise_url, {"addressed_to": "class"})),
        "concern": _outcome(client.post(raise_url, {
            "addressed_to": "class", "text": "Amira is tired after swimming.",
            "wants_meeting": "yes"})),
        "meeting, empty": _outcome(client.post(book_url, {
            "staff": world.class_teacher.pk, "slot": slots[0].key})),
        "meeting": _outcome(client.post(book_url, {
            "staff": world.class_teacher.pk, "slot": slots[0].key, "mode": "phone",
            "about": "Swimming"})),
    }
    reply = Reply.objects.get(entry=entry)
    concern = Concern.objects.get(contact=world.parent_contact)
    appointment = Appointment.objects.get(contact=world.parent_contact)
    seen["made"] = (
        (reply.text, reply.author_id),
        (concern.status, concern.addressed_to, concern.wants_meeting, concern.acknowledge_by),
        (appointment.starts_at, appointment.ends_at, appointment.mode,
         appointment.interpreter_language, appointment.status))
    for made in (reply, concern, appointment, entry):
        made.delete()
    return seen


def test_every_form_a_family_sends_answers_the_same_signed_or_not(world):
    version = factories.published(world.school, world.principal)
    window(world, day=MEETING_DAY)
    client = signed_in(world.parent)
    unsigned = forms_layla_sends(world, client)
    assert [status for status, *_rest in list(unsigned.values())[:-1]] == [
        200, 302, 200, 302, 400, 302]
    # Each sent empty is refused, saying what is missing.
    assert all(unsigned[key][3] for key in ("reply, empty", "concern, empty",
                                            "meeting, empty"))

    factories.sign(version, world.parent_contact, [world.pupil])
    assert Signature.objects.filter(contact=world.parent_contact).exists()
    signed = forms_layla_sends(world, client)
    assert signed == unsigned
