"""A member of the office whom a court order keeps from a pupil does not import at that
school: an import's preview and report show the whole school's pupils and families."""

import pytest
from django.urls import reverse

from bridgebook.conftest import signed_in
from bridgebook.core.tests.test_navigation import _navigation, _section

pytestmark = pytest.mark.django_db


def test_the_office_under_a_court_order_cannot_open_imports(every_persona):
    world = every_persona
    url = reverse("imports:home", args=[world.school.urn])

    assert signed_in(world.office).get(url).status_code == 200
    assert signed_in(world.restricted_staff).get(url).status_code == 403


def test_nor_is_it_in_their_menu(every_persona):
    world = every_persona
    imports = reverse("imports:home", args=[world.school.urn])
    school_section = dict(_navigation(signed_in(world.office), reverse("core:home")))["School"]

    assert imports in dict(_section(signed_in(world.office), school_section)).values()
    assert imports not in dict(
        _section(signed_in(world.restricted_staff), school_section)).values()
