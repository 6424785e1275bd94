"""Landing pages per role, the audit log, the language switch and the outbox page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bridgebook.conftest import PERSONAS, persona, signed_in
from bridgebook.core import audit
from bridgebook.core.models import AuditEvent, Role
from bridgebook.core.tests.factories import staff
from bridgebook.core.tests.queries import STAFF_FRAME, family_landing
from bridgebook.messaging.models import OutboxMessage
from bridgebook.people.tests.factories import ContactFactory, PupilContactFactory


def test_anonymous_home_offers_both_sign_ins(client, db):
    content = client.get(reverse("core:home")).content.decode()
    assert reverse("accounts:family_sign_in") in content
    assert reverse("accounts:sign_in") in content


def test_teacher_lands_on_their_class(world):
    content = signed_in(world.class_teacher).get(reverse("core:home")).content.decode()
    assert "Your class: Class A" in content
    assert world.pupil.display_name in content
    assert world.pupil_b.display_name not in content


def test_principal_lands_on_the_school(world):
    content = signed_in(world.principal).get(reverse("core:home")).content.decode()
    assert "Mapledown School" in content
    assert "1 contact needs an interpreter" in content
    assert "1 restricted contact" in content
    assert "Oakleigh School" not in content


def test_trust_admin_lands_on_every_school(world):
    content = signed_in(world.trust_admin).get(reverse("core:home")).content.decode()
    assert "Mapledown School" in content and "Oakleigh School" in content


@pytest.mark.parametrize("name", ["parent", "separated_parent"])
def test_parent_lands_on_their_children(world, name):
    content = signed_in(getattr(world, name)).get(reverse("core:home")).content.decode()
    assert "Your child" in content
    assert world.pupil.display_name in content
    assert world.pupil_b.display_name not in content


def test_restricted_parent_sees_no_child(world):
    content = signed_in(world.restricted_parent).get(reverse("core:home")).content.decode()
    assert world.pupil.display_name not in content
    assert "There is nothing to show you here" in content


def test_outsider_is_told_to_ask_the_office(world):
    content = signed_in(world.outsider).get(reverse("core:home")).content.decode()
    assert "not linked to a school" in content


def test_landing_query_counts_do_not_grow(world, django_assert_num_queries):
    from bridgebook.people.tests.factories import PupilFactory

    client = signed_in(world.class_teacher)
    client.get(reverse("core:home"))  # warm the session
    # session, user, OTP device, the Viewer, classes, pupils of classes, home entries and
    # family replies not read yet (one query for every class), unread conversations from
    # families with their pupils, schools (no counts: a class teacher's page does not show
    # them; the first is the menu's school)
    with django_assert_num_queries(9):
        client.get(reverse("core:home"))
    PupilFactory.create_batch(3, school=world.school, school_class=world.class_a)
    with django_assert_num_queries(9):
        client.get(reverse("core:home"))


@pytest.mark.parametrize("name", ["office", "principal"])
def test_school_landing_query_counts_do_not_grow(world, name, django_assert_num_queries):
    from bridgebook.people.tests.factories import (
        ContactFactory,
        PupilContactFactory,
        PupilFactory,
    )

    on_roll = world.school.pupils.filter(leaving_date__isnull=True).count()
    client = signed_in(persona(world, name))
    client.get(reverse("core:home"))  # warm the session
    # session, user, OTP device, the Viewer, classes (none), schools with pupils on roll and
    # classes, the school's contacts' needs, its restricted contacts with any member of
    # staff among them (the menu's school is the first of the schools)
    with django_assert_num_queries(8):
        page = client.get(reverse("core:home")).content.decode()
    assert f"{on_roll}</span> pupils on roll" in page and "1 restricted contact<" in page
    for pupil in PupilFactory.create_batch(3, school=world.school, school_class=world.class_a):
        PupilContactFactory(pupil=pupil, contact=ContactFactory(school=world.school),
                            is_restricted=True)
    with django_assert_num_queries(8):
        page = client.get(reverse("core:home")).content.decode()
    assert f"{on_roll + 3}</span> pupils on roll" in page and "4 restricted contacts" in page


def test_parent_landing_query_count(world, django_assert_num_queries):
    from bridgebook.diary.tests.factories import EntryFactory
    from bridgebook.people.tests.factories import PupilContactFactory, PupilFactory

    client = signed_in(world.parent)
    client.get(reverse("core:home"))  # warm the session
    # session, user, the Viewer, children with school and class, then each app's count
    # over the children: unread book entries, unread conversation messages, unread messages
    with django_assert_num_queries(family_landing()):
        client.get(reverse("core:home"))
    for pupil in PupilFactory.create_batch(3, school=world.school, school_class=world.class_b):
        PupilContactFactory(pupil=pupil, contact=world.parent_contact,
                            parental_responsibility=True)
        EntryFactory.create_batch(2, pupil=pupil)
    with django_assert_num_queries(family_landing()):
        page = client.get(reverse("core:home")).content.decode()
    assert page.count("2 new entries") == 3


AUDIT_STATUS = {"principal": 200, "trust_admin": 200, "anonymous": 302}
STAFF_OF_SCHOOL = {"class_teacher", "other_teacher", "office", "senco", "therapist"}


@pytest.mark.parametrize("name", PERSONAS)
def test_audit_log_access(world, name):
    response = signed_in(persona(world, name)).get(reverse("core:audit", args=[world.school.urn]))
    expected = AUDIT_STATUS.get(name, 403 if name in STAFF_OF_SCHOOL else 404)
    assert response.status_code == expected


def test_audit_log_filters(world):
    audit.record(actor=world.class_teacher, action=AuditEvent.Action.VIEW, obj=world.pupil,
                 summary="Viewed Amira Hassan")
    audit.record(actor=world.office, action=AuditEvent.Action.UPDATE, obj=world.pupil_b,
                 summary="Changed Ben Jones", changes={"upn": ["A", "B"]})
    old = audit.record(actor=world.office, action=AuditEvent.Action.VIEW, obj=world.pupil_b,
                       summary="Viewed Ben Jones long ago")
    AuditEvent.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=40))
    client = signed_in(world.principal)
    url = reverse("core:audit", args=[world.school.urn])
    everything = client.get(url).content.decode()
    assert "Viewed Amira Hassan" in everything and "Changed Ben Jones" in everything
    by_teacher = client.get(url, {"actor": world.class_teacher.pk}).content.decode()
    assert "Viewed Amira Hassan" in by_teacher and "Changed Ben Jones" not in by_teacher
    changes = client.get(url, {"action": "update"}).content.decode()
    assert "Changed Ben Jones" in changes and "Viewed Amira Hassan" not in changes
    assert "upn" in changes
    by_pupil = client.get(url, {"record": "Hassan"}).content.decode()
    assert "Viewed Amira Hassan" in by_pupil and "Ben Jones" not in by_pupil
    today = timezone.localdate()
    recent = client.get(url, {"since_day": today.day - 0, "since_month": today.month,
                              "since_year": today.year}).content.decode()
    assert "long ago" not in recent and "Viewed Amira Hassan" in recent


def test_audit_log_rejects_a_backwards_date_range(world):
    response = signed_in(world.principal).get(
        reverse("core:audit", args=[world.school.urn]),
        {"since_day": 10, "since_month": 5, "since_year": 2026,
         "until_day": 1, "until_month": 5, "until_year": 2026})
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert 'href="#id_until_day"' in content


def test_audit_log_shows_only_its_school(world):
    audit.record(actor=world.other_school_staff, action=AuditEvent.Action.VIEW,
                 obj=world.other_school_pupil, summary="Viewed Olly Oak")
    content = signed_in(world.principal).get(
        reverse("core:audit", args=[world.school.urn])).content.decode()
    assert "Olly Oak" not in content


def test_audit_log_query_count(world, django_assert_num_queries):
    for pupil in (world.pupil, world.pupil_b, world.pupil):
        audit.record(actor=world.office, action=AuditEvent.Action.VIEW, obj=pupil,
                     summary=f"Viewed {pupil}")
    client = signed_in(world.principal)
    client.get(reverse("core:audit", args=[world.school.urn]))
    # STAFF_FRAME; the school, actor choices, count, one page of events with actor and pupil
    with django_assert_num_queries(STAFF_FRAME + 4):
        client.get(reverse("core:audit", args=[world.school.urn]))
    for _n in range(5):
        audit.record(actor=world.senco, action=AuditEvent.Action.VIEW, obj=world.pupil,
                     summary="Viewed again")
    with django_assert_num_queries(STAFF_FRAME + 4):
        client.get(reverse("core:audit", args=[world.school.urn]))


def test_language_switch_sets_direction(client, db):
    response = client.get(reverse("core:language", args=["ur"]), {"next": "/about/"})
    assert response.url == "/about/"
    page = client.get("/about/").content.decode()
    assert 'lang="ur"' in page and 'dir="rtl"' in page


def test_language_switch_refuses_other_sites(client, db):
    response = client.get(reverse("core:language", args=["pl"]),
                          {"next": "https://evil.example/"})
    assert response.url == "/"


def test_outbox_page_lists_messages(client, db, settings):
    settings.BRIDGEBOOK_OUTBOX_PAGE = True
    OutboxMessage.objects.create(channel="sms", to="+447700900123", body="Code 123456")
    content = client.get(reverse("messaging:outbox")).content.decode()
    assert "+447700900123" in content and "Code 123456" in content


def test_outbox_page_is_off_when_switched_off(client, db, settings):
    settings.BRIDGEBOOK_OUTBOX_PAGE = False
    assert client.get(reverse("messaging:outbox")).status_code == 404


def test_uploaded_files_are_never_public(client, db, settings):
    """Photos and pending imports live under MEDIA_ROOT but no URL serves them directly."""
    settings.DEBUG = True
    target = settings.MEDIA_ROOT / "book" / "1" / "2026" / "11"
    target.mkdir(parents=True)
    (target / "abc.jpg").write_bytes(b"\xff\xd8\xff")
    assert client.get("/media/book/1/2026/11/abc.jpg").status_code == 404


def test_audit_log_filters_by_the_kinds_of_record_apps_declare(world):
    """Each app declares the kinds of record its audit events are about (its plugin.py);
    the audit log offers them, and filters by one."""
    audit.record(actor=world.office, action=AuditEvent.Action.UPDATE, obj=world.pupil,
                 summary="Changed Amira Hassan")
    audit.record(actor=world.office, action=AuditEvent.Action.UPDATE,
                 obj=world.parent_contact, summary="Changed Layla Hassan")
    client = signed_in(world.principal)
    url = reverse("core:audit", args=[world.school.urn])
    page = client.get(url).content.decode()
    assert '<option value="contact">Family contact</option>' in page
    assert '<option value="entry">Book entry</option>' in page  # the book's, from diary
    contacts = client.get(url, {"kind": "contact"}).content.decode()
    assert "Changed Layla Hassan" in contacts and "Changed Amira Hassan" not in contacts


def test_an_audit_event_about_an_undeclared_kind_of_record_is_refused(world):
    """An app cannot write audit rows nobody can find: the kind must be declared."""
    with pytest.raises(LookupError, match="trustadministrator"):
        audit.record(actor=world.principal, action=AuditEvent.Action.UPDATE,
                     obj=world.trust_admin.trust_admin_roles.get(), school=world.school,
                     summary="Changed a trust administrator")
    assert not AuditEvent.objects.filter(summary="Changed a trust administrator").exists()


def test_audit_log_hides_the_records_an_app_keeps_from_the_reader(world, monkeypatch):
    """An app may keep its records' events from some readers of the audit log
    (``AuditType.readable``): they are neither listed nor offered as a kind."""
    from bridgebook.core.registry import AuditType, site

    monkeypatch.setitem(site.audit_types, "school", AuditType(
        "school", "School", readable=lambda viewer, school: bool(viewer.roles_at(school))))
    audit.record(actor=world.principal, action=AuditEvent.Action.UPDATE, obj=world.school,
                 school=world.school, summary="Changed the school details")
    url = reverse("core:audit", args=[world.school.urn])
    page = signed_in(world.principal).get(url).content.decode()
    assert "Changed the school details" in page and 'value="school"' in page
    page = signed_in(world.trust_admin).get(url).content.decode()       # no role there
    assert "Changed the school" not in page and 'value="school"' not in page


def test_audit_log_hides_a_pupil_a_court_order_keeps_from_the_reader(
        world, django_assert_num_queries):
    """A principal who is also a restricted contact of Amira (a court order wins over the
    role) reads nothing about Amira or her family in the audit log; the usual principal
    does."""
    restricted_principal = staff(world.school, Role.PRINCIPAL, full_name="Pia Principal",
                                 email="pia@mapledown.example")
    aunt = ContactFactory(school=world.school, first_name="Pia", last_name="Principal",
                          email=restricted_principal.email, user=restricted_principal)
    PupilContactFactory(pupil=world.pupil, contact=aunt, relationship="OTH",
                        is_restricted=True, restriction_note="Court order.")
    audit.record(actor=world.class_teacher, action=AuditEvent.Action.VIEW, obj=world.pupil,
                 summary="Viewed Amira Hassan")
    audit.record(actor=world.office, action=AuditEvent.Action.UPDATE,
                 obj=world.parent_contact, school=world.school,
                 summary="Changed contact Layla Hassan")
    audit.record(actor=world.office, action=AuditEvent.Action.UPDATE, obj=world.pupil_b,
                 summary="Changed Ben Jones")
    # Rows that name the family without being about the pupil or a contact: a sign-in
    # link sent (its record is the token), and what a parent did themselves.
    audit.record(actor=None, action=AuditEvent.Action.CREATE, obj=world.class_a,
                 school=world.school, summary="Sent a sign-in link and code to Layla Hassan")
    audit.record(actor=world.separated_parent, action=AuditEvent.Action.UPDATE,
                 obj=world.class_b, school=world.school, summary="Chose a language")
    audit.record(actor=restricted_principal, action=AuditEvent.Action.UPDATE,
                 obj=world.pupil_b, summary="Changed Ben's class")
    url = reverse("core:audit", args=[world.school.urn])

    usual = signed_in(world.principal).get(url).content.decode()
    client = signed_in(restricted_principal)
    client.get(url)
    # One more query than for the usual principal (test_audit_log_query_count): the names
    # of the family, whose rows are left out.
    with django_assert_num_queries(STAFF_FRAME + 5):
        kept = client.get(url).content.decode()
    searched = client.get(url, {"record": "Hassan"}).content.decode()

    assert "Viewed Amira Hassan" in usual and "Changed contact Layla Hassan" in usual
    assert "Changed Ben Jones" in kept and "Changed Ben&#x27;s class" in kept
    assert "Sent a sign-in link" in usual and "Chose a language" in usual
    assert "Sent a sign-in link" not in kept and "Chose a language" not in kept
    assert "Amira" not in kept and "Layla" not in kept and "Omar" not in kept
    assert "Amira" not in searched and "Layla" not in searched
