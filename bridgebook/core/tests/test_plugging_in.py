"""A new capability is one folder and one line in INSTALLED_APPS.

The sample app (bridgebook/core/tests/sample_app) is a noticeboard nobody built: with the
app added to INSTALLED_APPS and nothing else changed, it has a menu entry, a tab on a
child's page, a row on a family's landing page and a demo seeder that runs after the ones it
builds on, all from its own plugin.py; and the generated authorization test fails until its
pages are given access rules.
"""

import dataclasses
import sys

import pytest
from django.urls import reverse

from bridgebook.conftest import signed_in
from bridgebook.core import demo
from bridgebook.core.registry import site

SAMPLE = "bridgebook.core.tests.sample_app"


@pytest.fixture
def sample_app(settings):
    """The project with the sample app installed; the registry as it was afterwards."""
    saved = {field.name: dict(getattr(site, field.name)) for field in dataclasses.fields(site)}
    for module in (f"{SAMPLE}.plugin", f"{SAMPLE}.project_urls"):
        sys.modules.pop(module, None)
    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, SAMPLE]
    settings.ROOT_URLCONF = f"{SAMPLE}.project_urls"
    yield sys.modules[f"{SAMPLE}.plugin"]
    for name, table in saved.items():
        setattr(site, name, table)


def test_the_menu_offers_the_new_page_in_its_section(world, sample_app):
    client = signed_in(world.class_teacher)
    url = reverse("sample_app:notices", args=[world.school.urn])
    content = client.get(url).content.decode()
    # Its page is in the Communication section, after the section's own pages.
    conversations = content.index(reverse("messaging:inbox"))
    assert content.index(f'href="{url}" aria-current="page">Noticeboard</a>') > conversations
    assert "<h1 class=\"govuk-heading-l\">Notices at Mapledown School</h1>" in content


def test_a_childs_page_has_the_new_tab(world, sample_app):
    content = signed_in(world.parent).get(reverse("people:pupil", args=[world.pupil.pk])
                                          ).content.decode()
    tab = reverse("sample_app:pupil_notices", args=[world.pupil.pk])
    assert f'href="{tab}">Notices</a>' in content
    assert content.index(reverse("diary:book", args=[world.pupil.pk])) < content.index(tab)


def test_a_familys_landing_page_has_the_new_row(world, sample_app):
    content = signed_in(world.parent).get(reverse("core:home")).content.decode()
    assert f'id="notices-{world.pupil.pk}">2 notices</dd>' in content


def test_the_demo_runs_the_new_seeder_after_those_it_builds_on(db, sample_app):
    order = [seeder.key for seeder in site.seeders_in_order()]
    assert order.index("sample_app") > order.index("people")
    assert order.index("sample_app") > order.index("diary")
    result = demo.seed()
    assert sample_app.SEEDED == ["noticeboard"]
    assert result.created["notices"] == 1


def test_without_the_app_there_is_no_trace_of_it(world):
    content = signed_in(world.parent).get(reverse("people:pupil", args=[world.pupil.pk])
                                          ).content.decode()
    assert "Notices" not in content
    assert "sample_app" not in site.menu


def test_a_seeder_after_one_nobody_registered_fails_loudly(db, sample_app):
    site.add(dataclasses.replace(site.demo_seeders["sample_app"], after=("nothing",)))
    with pytest.raises(LookupError, match="nothing"):
        site.seeders_in_order()


def test_the_authorization_test_fails_until_the_new_pages_have_rules(db, sample_app):
    """The route × persona test is generated from the URLconf: installed, the noticeboard's
    two pages are routes without a rule, which fails CI until someone writes them."""
    from django.urls import get_resolver

    from bridgebook.core.tests.route_rules import RULES
    from bridgebook.core.tests.test_route_access import unlisted_routes

    resolver = get_resolver()
    assert unlisted_routes(resolver, RULES) == ["sample_app:notices",
                                                "sample_app:pupil_notices"]
    ruled = {**RULES, "sample_app:notices": (), "sample_app:pupil_notices": ()}
    assert unlisted_routes(resolver, ruled) == []
