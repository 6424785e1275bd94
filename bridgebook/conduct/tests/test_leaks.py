"""Nothing about an incident shows anywhere but the log's own pages: not on the pupil's
page, not in the menu of anyone but senior leaders and the principal, in no message."""

from django.urls import reverse

from bridgebook.conduct.tests.factories import incident_for
from bridgebook.conftest import signed_in
from bridgebook.messaging.models import Message

SECRET = "Threatened Cara in the car park"


def test_the_pupils_page_says_nothing_of_an_incident(world, senior_leader):
    incident_for(world.school, contact=world.restricted_contact, pupil=world.pupil,
                 what_happened=SECRET)
    for reader in (world.class_teacher, world.senco, world.principal, senior_leader):
        page = signed_in(reader).get(reverse("people:pupil", args=[world.pupil.pk]))
        assert page.status_code == 200
        content = page.content.decode()
        assert SECRET not in content and "onduct" not in content
    landing = signed_in(world.class_teacher).get(reverse("core:home")).content.decode()
    assert SECRET not in landing and "onduct" not in landing
    assert not Message.objects.exists()


def test_only_senior_leaders_and_the_principal_have_it_in_the_menu(world, senior_leader):
    home = reverse("core:school", args=[world.school.urn])
    link = reverse("conduct:log", args=[world.school.urn])
    for reader in (world.principal, senior_leader):
        assert link in signed_in(reader).get(home).content.decode()
    for reader in (world.class_teacher, world.office, world.senco, world.therapist,
                   world.trust_admin):
        assert link not in signed_in(reader).get(home).content.decode()
    # Oakleigh's principal has Oakleigh's.
    oakleigh = signed_in(world.other_school_staff).get(
        reverse("core:school", args=[world.other_school.urn])).content.decode()
    assert reverse("conduct:log", args=[world.other_school.urn]) in oakleigh
