"""The agreement's pages cost the same number of queries however many statements, versions,
signatures, pupils and families there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bridgebook.agreements import actions
from bridgebook.agreements.models import ReviewView
from bridgebook.agreements.tests import factories
from bridgebook.conftest import signed_in
from bridgebook.core.tests.queries import FAMILY_FRAME, family_landing
from bridgebook.people.tests.factories import (
    ContactFactory,
    HouseholdFactory,
    PupilContactFactory,
    PupilFactory,
)


@pytest.fixture(autouse=True)
def _translating(settings):
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200, response.status_code
    return len(queries)


def more_statements(world, n):
    """A new version with ``n`` more statements, each with easy read and symbols."""
    draft = actions.do_start_draft(school=world.school, acting_user=world.principal)
    for i in range(n):
        actions.do_add_statement(version=draft, acting_user=world.principal, section="pupil",
                                 text=f"Pupils will try thing {i}.", easy_read=f"I try {i}.",
                                 symbols=["2B50", "1F44D"])
    return actions.do_publish(version=draft, acting_user=world.principal, changes=f"{n} more")


def families(world, n, school_class=None):
    """``n`` more pupils, each with two parents in two homes, one of whom signed."""
    version = factories.published(world.school, world.principal)
    for i in range(n):
        pupil = PupilFactory(school=world.school, school_class=school_class or world.class_a,
                             legal_first_name=f"Pupil{i}")
        for j in range(2):
            home = HouseholdFactory(school=world.school, address_line_1=f"{i}{j} Oak Lane")
            parent = ContactFactory(school=world.school, household=home,
                                    first_name=f"Parent{i}{j}", interpreter_needed=bool(j))
            PupilContactFactory(pupil=pupil, contact=parent)
            if j == 0:
                factories.sign(version, parent, [pupil], by=world.principal)
        actions.do_mark_pupil_signs(pupil=pupil, acting_user=world.class_teacher, signs=True)


def test_the_familys_agreement_page_costs_the_same_for_few_statements_or_many(world):
    factories.published(world.school, world.principal)
    client = signed_in(world.parent)
    url = reverse("agreements:pupil", args=[world.pupil.pk])
    more_statements(world, 2)
    few = count(client, url)
    few_easy = count(client, url + "?view=easy")
    more_statements(world, 12)
    assert count(client, url + "?view=easy") == few_easy
    many = count(client, url)
    assert few == many
    # The frame; the pupil; the version in force; its statements; the checked translations;
    # the family member's link and signatures (and their other children); the pack sent to
    # them; the translation cache (with the glossary) and the literacy need: no more.
    assert many <= FAMILY_FRAME + 14


def test_what_changed_since_signing_costs_the_same_for_few_versions_or_many(world):
    first = factories.published(world.school, world.principal)
    factories.sign(first, world.parent_contact, [world.pupil])
    client = signed_in(world.parent)
    url = reverse("agreements:pupil", args=[world.pupil.pk])
    more_statements(world, 1)
    few = count(client, url)
    more_statements(world, 3)
    more_statements(world, 3)
    assert count(client, url) == few


def test_the_childs_tab_for_staff_costs_the_same_for_few_signatures_or_many(world):
    version = factories.published(world.school, world.principal)
    client = signed_in(world.class_teacher)
    url = reverse("agreements:pupil", args=[world.pupil.pk])
    factories.sign(version, world.parent_contact, [world.pupil])
    few = count(client, url)
    for i in range(4):
        contact = ContactFactory(school=world.school, first_name=f"Carer{i}")
        PupilContactFactory(pupil=world.pupil, contact=contact)
        factories.sign(version, contact, [world.pupil])
    version = more_statements(world, 1)
    factories.sign(version, world.parent_contact, [world.pupil])
    assert count(client, url) == few


@pytest.mark.parametrize("name", ["signatures", "new_families"])
def test_the_school_lists_cost_the_same_for_few_families_or_many(world, name):
    factories.document(world.school, world.office)
    client = signed_in(world.principal)
    url = reverse(f"agreements:{name}", args=[world.school.urn])
    families(world, 1)
    actions.do_send_pack(pupil=world.pupil, acting_user=world.office)
    few = count(client, url)
    families(world, 4, school_class=world.class_b)
    families(world, 5)
    for pupil in world.school.pupils.filter(legal_first_name__startswith="Pupil")[:3]:
        actions.do_send_pack(pupil=pupil, acting_user=world.office)
    assert count(client, url) == few


def test_the_agreement_page_costs_the_same_for_few_versions_or_many(world):
    client = signed_in(world.principal)
    url = reverse("agreements:overview", args=[world.school.urn])
    families(world, 1)
    few = count(client, url)
    for i in range(4):
        version = more_statements(world, 1)
        actions.do_record_view(school=world.school, acting_user=world.principal,
                               source=ReviewView.Source.FAMILIES,
                               gathered_on=version.published_at.date(), summary=f"View {i}",
                               version=version)
    families(world, 3)
    assert count(client, url) == few


def test_the_draft_costs_the_same_for_few_statements_or_many(world):
    client = signed_in(world.principal)
    url = reverse("agreements:draft", args=[world.school.urn])
    draft = factories.draft_of(world.school, world.principal)
    few = count(client, url)
    for i in range(10):
        actions.do_add_statement(version=draft, acting_user=world.principal, section="family",
                                 text=f"Thing {i}", easy_read="Easy", symbols=["2B50"])
    assert count(client, url) == few


def test_a_published_version_costs_the_same_for_few_statements_or_many(world):
    client = signed_in(world.principal)
    factories.published(world.school, world.principal)
    few = count(client, reverse("agreements:version",
                                args=[world.school.urn, more_statements(world, 1).pk]))
    many = count(client, reverse("agreements:version",
                                 args=[world.school.urn, more_statements(world, 10).pk]))
    assert many == few


def test_the_family_landing_page_adds_one_flat_count_for_the_pack(world):
    factories.document(world.school, world.office)
    actions.do_send_pack(pupil=world.pupil, acting_user=world.office)
    client = signed_in(world.parent)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("core:home")).content.decode()
    assert "1 document from school" in html
    assert len(queries) == family_landing()
