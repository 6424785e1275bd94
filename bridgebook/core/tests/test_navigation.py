"""The service navigation per role: each role sees the pages it may use and no others, and
every link it is offered opens (no 403 or 404 from the menu)."""

import re

import pytest
from django.urls import reverse

from bridgebook.conftest import persona, signed_in
from bridgebook.core.models import Role
from bridgebook.core.tests.factories import staff

# Each staff role's links, section by section (bridgebook/core/registry.py Section): the top
# of the page shows the sections, and the section being read lists its own links.
PUPILS = ["Pupils", "Families", "Classes", "Annual reviews", "Termly contact", "Home visits"]
# Who sends baseline questionnaires (the SENCO, the office and the principal) has them too.
PUPIL_MANAGERS = [*PUPILS, "Questionnaires"]
# Who runs annual reviews sees whether they keep to the timeline.
REVIEWS_ON_TIME = ["Reviews on time"]
EVERY_LABEL = {"Home", "Pupils", "Families", "Conversations", "Classes", "School", "Staff",
               "Import", "Announcements", "Glossary", "Translations to check", "Audit log",
               "Working hours", "Messages from school", "Conversations with school",
               "Questionnaires", "Account", "Annual reviews", "Reviews on time",
               "Termly contact", "Home visits", "My appointments", "Parents’ evenings",
               "Meetings"}
# Only the school's senior leaders and principal have the conduct log (not the trust
# administrator as such).
EVERY_LABEL |= {"Conduct towards staff"}
# Concerns are read by the class or residential staff they are raised with, the SENCO and
# the leaders (who read response times there), not by the office or therapists.
EVERY_LABEL |= {"Concerns"}

FAMILY = {"top": ["Home", "Messages from school", "Conversations with school", "Meetings",
                  "Account"]}
# Everyone with a role at a school meets families and takes part in parents' evenings.
TEACHER = {"Pupils": PUPILS,
           "Communication": ["Conversations", "Concerns", "My appointments", "Glossary",
                             "Parents’ evenings", "Working hours"],
           "School": ["School"]}
EXPECTED = {
    "class_teacher": TEACHER,
    "therapist": {**TEACHER, "Communication": [
        label for label in TEACHER["Communication"] if label != "Concerns"]},
    "senco": {"Pupils": PUPIL_MANAGERS,
              "Communication": ["Conversations", "Concerns", "Announcements", "My appointments",
                                "Glossary", "Parents’ evenings", "Working hours"],
              "School": ["School"], "Oversight": REVIEWS_ON_TIME},
    "office": {"Pupils": PUPIL_MANAGERS,
               "Communication": ["Conversations", "Announcements", "My appointments",
                                 "Glossary", "Parents’ evenings", "Working hours"],
               "School": ["School", "Staff", "Import"]},
    "eal_teacher": {"Pupils": PUPILS,
                    "Communication": ["Conversations", "My appointments", "Glossary",
                                      "Translations to check", "Parents’ evenings",
                                      "Working hours"],
                    "School": ["School"]},
    "principal": {"Pupils": PUPIL_MANAGERS,
                  "Communication": ["Conversations", "Concerns", "Announcements", "My appointments",
                                    "Glossary", "Translations to check", "Parents’ evenings",
                                    "Working hours"],
                  "School": ["School", "Staff", "Import", "Conduct towards staff"],
                  "Oversight": ["Audit log", *REVIEWS_ON_TIME]},
    # A trust administrator may do everything at the trust's schools but keeps no working
    # hours there (no role at a school).
    "trust_admin": {"Pupils": PUPIL_MANAGERS,
                    "Communication": ["Conversations", "Concerns", "Announcements", "Glossary",
                                      "Translations to check", "Parents’ evenings"],
                    "School": ["School", "Staff", "Import"],
                    "Oversight": ["Audit log", *REVIEWS_ON_TIME]},
    # Residential care staff see their group's pupils, as a class teacher their class's.
    "residential": TEACHER,
    "parent": FAMILY,
    "separated_parent": FAMILY,
    "restricted_parent": FAMILY,
    "outsider": {"top": ["Home", "Account"]},
}

# Every member of staff reads the school's home-school agreement: the School section lists
# it after the school's own pages (School, Staff, Import) and before the conduct log.
EVERY_LABEL |= {"Home-school agreement"}


def _with_agreement(links: list[str]) -> list[str]:
    own = [link for link in links if link in ("School", "Staff", "Import")]
    return [*own, "Home-school agreement", *(link for link in links if link not in own)]


EXPECTED = {name: {**sections, "School": _with_agreement(sections["School"])}
            if "School" in sections else sections for name, sections in EXPECTED.items()}

NAV = re.compile(r'<ul class="govuk-service-navigation__list" id="navigation">(.*?)</ul>', re.S)
LINK = re.compile(r'<a class="govuk-service-navigation__link" href="([^"]+)"[^>]*>'
                  r"(?:<strong[^>]*>)?([^<]+)")
SECTION = re.compile(r'<ul class="bb-section-navigation__list" id="section-navigation">'
                     r"(.*?)</ul>", re.S)
SECTION_LINK = re.compile(r'<a class="govuk-link[^"]*bb-section-navigation__link" '
                          r'href="([^"]+)"[^>]*>([^<]+)')


def _user(world, name):
    if name == "eal_teacher":
        return staff(world.school, Role.EAL_TEACHER, full_name="Eda Eal",
                     email="eda@mapledown.example")
    return persona(world, name)


def _links(pattern, found) -> list[tuple[str, str]]:
    return [(label.strip(), href.replace("&amp;", "&")) for href, label in found]


def _navigation(client, url) -> list[tuple[str, str]]:
    """The links at the top of the page."""
    response = client.get(url)
    assert response.status_code == 200
    menu = NAV.search(response.content.decode())
    assert menu is not None
    return _links(LINK, LINK.findall(menu.group(1)))


def _section(client, url) -> list[tuple[str, str]]:
    """The links of the section the page belongs to ([] where it is in none)."""
    response = client.get(url)
    assert response.status_code == 200
    menu = SECTION.search(response.content.decode())
    return _links(SECTION_LINK, SECTION_LINK.findall(menu.group(1))) if menu else []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_role_sees_its_own_links_and_every_one_opens(world, name):
    client = signed_in(_user(world, name))
    top = _navigation(client, reverse("core:home"))
    expected = EXPECTED[name]
    sections = [section for section in expected if section != "top"]
    assert [label for label, _href in top] == (
        expected.get("top") or ["Home", *sections, "Account"])
    seen = set()
    for label, href in top:
        assert client.get(href).status_code == 200, label
        if label not in sections:
            seen.add(label)
            continue
        # A section opens at its first link, and lists its links.
        links = _section(client, href)
        assert [link for link, _href in links] == expected[label]
        assert href == links[0][1]
        for link, link_href in links:
            assert client.get(link_href).status_code == 200, link
            seen.add(link)
    assert not (EVERY_LABEL - seen) & {label for label, _href in top}


def test_the_menu_shows_a_few_sections_not_every_page(world):
    """The principal has fourteen pages in the menu, in four sections: the top of every page
    offers six links, so on a phone it shows content rather than menus."""
    top = _navigation(signed_in(world.principal), reverse("core:home"))
    assert [label for label, _href in top] == ["Home", "Pupils", "Communication", "School",
                                               "Oversight", "Account"]


def test_staff_links_point_at_the_school_being_looked_at(world):
    client = signed_in(world.trust_admin)
    links = dict(_section(client, reverse("translation:glossary",
                                          args=[world.other_school.urn])))
    assert links["Glossary"] == reverse("translation:glossary", args=[world.other_school.urn])
    assert links["Translations to check"] == reverse("translation:reviews",
                                                     args=[world.other_school.urn])
    teacher = signed_in(world.class_teacher)
    links = dict(_section(teacher, reverse("messaging:inbox")))
    assert links["Working hours"] == (f"{reverse('messaging:working_hours')}"
                                      f"?school={world.school.urn}")


@pytest.mark.parametrize(("name", "url", "section", "current"), [
    ("class_teacher", "/messages/working-hours/?school=101001", "Communication",
     "Working hours"),
    ("class_teacher", "/messages/conversations/", "Communication", "Conversations"),
    ("principal", "/schools/101001/glossary/", "Communication", "Glossary"),
    ("principal", "/schools/101001/translations/", "Communication", "Translations to check"),
    ("principal", "/schools/101001/audit/", "Oversight", "Audit log"),
    ("parent", "/messages/", None, "Messages from school"),
    ("parent", "/messages/conversations/", None, "Conversations with school"),
])
def test_the_page_being_read_is_marked_current(world, name, url, section, current):
    """The page is marked current where its link is: a family's at the top; a member of
    staff's in its section's links, with the section marked at the top."""
    content = signed_in(persona(world, name)).get(url).content.decode()
    pages = re.findall(r'aria-current="page"><strong class="govuk-service-navigation__'
                       r'active-fallback">([^<]+)</strong>', content)
    sections = re.findall(r'aria-current="true"><strong class="govuk-service-navigation__'
                          r'active-fallback">([^<]+)</strong>', content)
    in_section = re.findall(r'bb-section-navigation__link" href="[^"]*" '
                            r'aria-current="page">([^<]+)</a>', content)
    if section is None:
        assert (pages, sections, in_section) == ([current], [], [])
    else:
        assert (pages, sections, in_section) == ([], [section], [current])


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
