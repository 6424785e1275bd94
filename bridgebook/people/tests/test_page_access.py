"""Every people page against every persona: the exact status each one gets.

200 = may use the page; 403 = may see the thing but not change it; 404 = may not know it
exists; anonymous visitors are sent to sign in.
"""

import pytest
from django.urls import reverse

from bridgebook.conftest import PERSONAS, persona, signed_in
from bridgebook.people.models import (
    Contact,
    Pupil,
    PupilContact,
    ResidentialGroup,
    ResidentialStaff,
    SchoolClass,
)

STAFF_HERE = {"class_teacher", "other_teacher", "principal", "office", "senco", "therapist",
              "trust_admin"}
PEOPLE_MANAGERS = {"principal", "office", "senco", "trust_admin"}
STAFF_MANAGERS = {"principal", "office", "trust_admin"}
SEE_PUPIL = {"class_teacher", "principal", "office", "senco", "therapist", "trust_admin",
             "parent", "separated_parent"}
SEE_CONTACT = {"class_teacher", "principal", "office", "senco", "therapist", "trust_admin"}
SEE_CLASS_A = {"class_teacher", "principal", "office", "senco", "therapist", "trust_admin"}
# Amira's residential group (Oak House): whole-school staff (and its own care staff).
SEE_OAK_HOUSE = {"principal", "office", "senco", "therapist", "trust_admin"}


def _status(allowed: set, visible: set) -> dict[str, int]:
    """200 for ``allowed``, 403 for those in ``visible`` but not allowed, 404 otherwise."""
    return {name: 200 if name in allowed else 403 if name in visible else 404
            for name in PERSONAS if name != "anonymous"}


# (url name, how to build its arguments from the world, expected statuses)
PAGES = [
    ("pupils", lambda w: [w.school.urn], _status(STAFF_HERE, set())),
    ("pupil_create", lambda w: [w.school.urn], _status(PEOPLE_MANAGERS, STAFF_HERE)),
    ("pupil", lambda w: [w.pupil.pk], _status(SEE_PUPIL, set())),
    ("pupil_edit", lambda w: [w.pupil.pk], _status(PEOPLE_MANAGERS, SEE_PUPIL)),
    ("pupil_contact_add", lambda w: [w.pupil.pk], _status(PEOPLE_MANAGERS, SEE_PUPIL)),
    # Families never see a link between a pupil and a contact, even their own child's.
    ("pupil_contact_edit", lambda w: [_link(w).pk], _status(PEOPLE_MANAGERS, SEE_CONTACT)),
    ("contacts", lambda w: [w.school.urn], _status(STAFF_HERE, set())),
    ("contact_create", lambda w: [w.school.urn], _status(PEOPLE_MANAGERS, STAFF_HERE)),
    ("contact", lambda w: [w.parent_contact.pk], _status(SEE_CONTACT, set())),
    ("contact_edit", lambda w: [w.parent_contact.pk], _status(PEOPLE_MANAGERS, SEE_CONTACT)),
    ("classes", lambda w: [w.school.urn], _status(STAFF_HERE, set())),
    ("class_create", lambda w: [w.school.urn], _status(STAFF_MANAGERS, STAFF_HERE)),
    ("class", lambda w: [w.class_a.pk], _status(SEE_CLASS_A, set())),
    ("class_edit", lambda w: [w.class_a.pk], _status(STAFF_MANAGERS, SEE_CLASS_A)),
    ("residential_groups", lambda w: [w.school.urn], _status(STAFF_HERE, set())),
    ("residential_group_create", lambda w: [w.school.urn], _status(STAFF_MANAGERS, STAFF_HERE)),
    ("residential_group", lambda w: [w.residential_group.pk], _status(SEE_OAK_HOUSE, set())),
    ("residential_group_edit", lambda w: [w.residential_group.pk],
     _status(STAFF_MANAGERS, SEE_OAK_HOUSE)),
    ("staff", lambda w: [w.school.urn], _status(STAFF_MANAGERS, STAFF_HERE)),
    ("staff_create", lambda w: [w.school.urn], _status(STAFF_MANAGERS, STAFF_HERE)),
    ("staff_member", lambda w: [w.school.urn, w.class_teacher.pk],
     _status(STAFF_MANAGERS, STAFF_HERE)),
]
CASES = [(page, name) for page in PAGES for name in PERSONAS]


def _link(world) -> PupilContact:
    return PupilContact.objects.get(pupil=world.pupil, contact=world.parent_contact)


def _id(case) -> str:
    (url_name, _args, _expected), name = case
    return f"{url_name}-{name}"


def _snapshot(world) -> tuple:
    """Everything a page could change, to show a refused POST changed nothing."""
    return (
        list(Pupil.objects.order_by("pk").values()),
        list(Contact.objects.order_by("pk").values()),
        list(PupilContact.objects.order_by("pk").values()),
        list(SchoolClass.objects.order_by("pk").values()),
        list(ResidentialGroup.objects.order_by("pk").values()),
        list(ResidentialStaff.objects.order_by("pk").values()),
        sorted(world.school.staff_roles.values_list("user_id", "role")),
    )


def test_the_table_names_every_persona_and_page():
    from bridgebook.people import urls

    assert {name for name, _args, _expected in PAGES} == {p.name for p in urls.urlpatterns}
    for _name, _args, expected in PAGES:
        assert set(expected) | {"anonymous"} == set(PERSONAS)


@pytest.mark.parametrize("case", CASES, ids=[_id(case) for case in CASES])
def test_get_status(world, case):
    (url_name, args, expected), name = case
    url = reverse(f"people:{url_name}", args=args(world))
    response = signed_in(persona(world, name)).get(url)
    if name == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:sign_in"))
    else:
        assert response.status_code == expected[name]


# Only the pages that change something take a POST.
WRITE_PAGES = [page for page in PAGES
               if page[0].endswith(("_create", "_edit", "_add")) or page[0] == "staff_member"]
REFUSED = [(page, name) for page in WRITE_PAGES for name in PERSONAS
           if name == "anonymous" or page[2][name] != 200]


@pytest.mark.parametrize("case", REFUSED, ids=[_id(case) for case in REFUSED])
def test_refused_post_changes_nothing(world, case):
    (url_name, args, expected), name = case
    url = reverse(f"people:{url_name}", args=args(world))
    before = _snapshot(world)
    # A form that would be valid on most pages, so only the access check stops it.
    response = signed_in(persona(world, name)).post(url, {
        "legal_first_name": "Changed", "legal_last_name": "Changed", "first_name": "Changed",
        "last_name": "Changed", "full_name": "Changed", "name": "Changed",
        "date_of_birth_day": "1", "date_of_birth_month": "1", "date_of_birth_year": "2015",
        "photo_consent": "none", "home_language": "en", "language": "en",
        "relationship": "PAM", "priority": "1", "contact": "new", "roles": ["office"],
        "email": "changed@example.org",
    })
    if name == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:sign_in"))
    else:
        assert response.status_code == expected[name]
    assert _snapshot(world) == before
