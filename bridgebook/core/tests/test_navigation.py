"""The service navigation per role: each role sees the pages it may use and no others, and
every link it is offered opens (no 403 or 404 from the menu)."""

import re

import pytest
from django.urls import reverse

from bridgebook.conftest import persona, signed_in
from bridgebook.core.models import Role
from bridgebook.core.tests.factories import staff

STAFF_BASE = ["Home", "Pupils", "Families", "Conversations", "Classes", "School", "Glossary"]
EVERY_LABEL = {"Home", "Pupils", "Families", "Conversations", "Classes", "School", "Staff",
               "Import", "Announcements", "Glossary", "Translations to check", "Audit log",
               "Working hours", "Messages from school", "Conversations with school",
               "Account"}

FAMILY = ["Home", "Messages from school", "Conversations with school", "Account"]
EXPECTED = {
    "class_teacher": STAFF_BASE + ["Working hours", "Account"],
    "therapist": STAFF_BASE + ["Working hours", "Account"],
    "senco": ["Home", "Pupils", "Families", "Conversations", "Classes", "School",
              "Announcements", "Glossary", "Working hours", "Account"],
    "office": ["Home", "Pupils", "Families", "Conversations", "Classes", "School", "Staff",
               "Import", "Announcements", "Glossary", "Working hours", "Account"],
    "eal_teacher": STAFF_BASE + ["Translations to check", "Working hours", "Account"],
    "principal": ["Home", "Pupils", "Families", "Conversations", "Classes", "School",
                  "Staff", "Import", "Announcements", "Glossary", "Translations to check",
                  "Audit log", "Working hours", "Account"],
    # A trust administrator may do everything at the trust's schools but keeps no working
    # hours there (no role at a school).
    "trust_admin": ["Home", "Pupils", "Families", "Conversations", "Classes", "School",
                    "Staff", "Import", "Announcements", "Glossary", "Translations to check",
                    "Audit log", "Account"],
    "parent": FAMILY,
    "separated_parent": FAMILY,
    "restricted_parent": FAMILY,
    "outsider": ["Home", "Account"],
}

NAV = re.compile(r'<ul class="govuk-service-navigation__list" id="navigation">(.*?)</ul>', re.S)
LINK = re.compile(r'<a class="govuk-service-navigation__link" href="([^"]+)"[^>]*>'
                  r"(?:<strong[^>]*>)?([^<]+)")


def _user(world, name):
    if name == "eal_teacher":
        return staff(world.school, Role.EAL_TEACHER, full_name="Eda Eal",
                     email="eda@mapledown.example")
    return persona(world, name)


def _navigation(client, url) -> list[tuple[str, str]]:
    response = client.get(url)
    assert response.status_code == 200
    menu = NAV.search(response.content.decode())
    assert menu is not None
    return [(label.strip(), href.replace("&amp;", "&")) for href, label in
            LINK.findall(menu.group(1))]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_role_sees_its_own_links_and_every_one_opens(world, name):
    client = signed_in(_user(world, name))
    links = _navigation(client, reverse("core:home"))
    labels = [label for label, _href in links]
    assert labels == EXPECTED[name]
    assert not (EVERY_LABEL - set(EXPECTED[name])) & set(labels)
    for label, href in links:
        assert client.get(href).status_code == 200, label


def test_staff_links_point_at_the_school_being_looked_at(world):
    client = signed_in(world.trust_admin)
    links = dict(_navigation(client, reverse("core:school", args=[world.other_school.urn])))
    assert links["Glossary"] == reverse("translation:glossary", args=[world.other_school.urn])
    assert links["Translations to check"] == reverse("translation:reviews",
                                                     args=[world.other_school.urn])
    teacher = signed_in(world.class_teacher)
    links = dict(_navigation(teacher, reverse("core:home")))
    assert links["Working hours"] == (f"{reverse('messaging:working_hours')}"
                                      f"?school={world.school.urn}")


@pytest.mark.parametrize(("name", "url", "current"), [
    ("class_teacher", "/messages/working-hours/?school=101001", "Working hours"),
    ("class_teacher", "/messages/conversations/", "Conversations"),
    ("principal", "/schools/101001/glossary/", "Glossary"),
    ("principal", "/schools/101001/translations/", "Translations to check"),
    ("parent", "/messages/", "Messages from school"),
    ("parent", "/messages/conversations/", "Conversations with school"),
])
def test_the_page_being_read_is_marked_current(world, name, url, current):
    content = signed_in(persona(world, name)).get(url).content.decode()
    marked = re.findall(r'aria-current="page"><strong class="govuk-service-navigation__'
                        r'active-fallback">([^<]+)</strong>', content)
    assert marked == [current]


@pytest.mark.parametrize(("name", "url", "title"), [
    ("parent", "/messages/", "Messages from school"),
    ("parent", "/messages/conversations/", "Conversations with school"),
    ("class_teacher", "/messages/conversations/", "Conversations with families"),
])
def test_the_two_family_inboxes_are_told_apart(world, name, url, title):
    """A family has two inboxes: each says which it is, in the tab and the heading, in the
    words of the menu link that opens it."""
    content = signed_in(persona(world, name)).get(url).content.decode()
    assert f"<title>{title} – Bridgebook</title>" in content
    assert f'<h1 class="govuk-heading-l">{title}</h1>' in content
    assert "<title>Messages –" not in content
