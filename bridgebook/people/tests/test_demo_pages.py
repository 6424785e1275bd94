"""Every people page opens on the demo trust's data (a smoke test on realistic records)."""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from bridgebook.conftest import signed_in
from bridgebook.core.models import Role, School, StaffRole
from bridgebook.people.models import Contact, Pupil, PupilContact, SchoolClass


def test_every_page_opens_on_demo_data(db):
    call_command("seed_demo", stdout=StringIO())
    school = School.objects.order_by("pk").first()
    principal = StaffRole.objects.filter(school=school, role=Role.PRINCIPAL).first().user
    client = signed_in(principal)
    pupil = Pupil.objects.filter(school=school).first()
    contact = Contact.objects.filter(school=school).first()
    link = PupilContact.objects.filter(pupil__school=school).first()
    school_class = SchoolClass.objects.filter(school=school).first()
    urls = [
        reverse("people:pupils", args=[school.urn]),
        reverse("people:pupil_create", args=[school.urn]),
        reverse("people:pupil", args=[pupil.pk]),
        reverse("people:pupil_edit", args=[pupil.pk]),
        reverse("people:pupil_contact_add", args=[pupil.pk]) + "?q=a",
        reverse("people:pupil_contact_edit", args=[link.pk]),
        reverse("people:contacts", args=[school.urn]),
        reverse("people:contact_create", args=[school.urn]),
        reverse("people:contact", args=[contact.pk]),
        reverse("people:contact_edit", args=[contact.pk]),
        reverse("people:classes", args=[school.urn]),
        reverse("people:class_create", args=[school.urn]),
        reverse("people:class", args=[school_class.pk]),
        reverse("people:class_edit", args=[school_class.pk]),
        reverse("people:staff", args=[school.urn]),
        reverse("people:staff_create", args=[school.urn]),
        reverse("people:staff_member", args=[school.urn, principal.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
