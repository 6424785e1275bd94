"""An id in a query string is read as ASCII digits only (core.access.query_id): "²" and
"٣" are digits to ``str.isdigit`` but not to ``int``, so a page that trusted isdigit()
answered them with a server error."""

import pytest
from django.urls import reverse

from bridgebook.conftest import signed_in
from bridgebook.core.access import query_id


@pytest.mark.parametrize("value, expected", [
    ("12", 12), ("123456789", 123456789), ("²", None), ("٣", None), ("1e3", None),
    (" 1", None), ("-1", None), ("", None), ("1234567890", None), (None, None)])
def test_query_id_takes_ascii_digits_only(value, expected):
    assert query_id(value) == expected


@pytest.mark.parametrize("value", ["²", "٣", "abc", "99999999999999999999"])
def test_pages_that_take_an_id_in_the_query_string_never_fail_on_one(world, value):
    client = signed_in(world.principal)
    urn = world.school.urn
    pages = [
        reverse("reviews:calendar", args=[urn]) + f"?class={value}",
        reverse("reviews:compliance") + f"?year={value}",
        reverse("targets:pupil", args=[world.pupil.pk]) + f"?plan={value}",
        reverse("targets:target_new", args=[world.pupil.pk]) + f"?outcome={value}",
        reverse("targets:evidence_new", args=[world.pupil.pk]) + f"?target={value}",
        reverse("announcements:new", args=[urn]) + f"?event={value}",
        reverse("contact:log", args=[world.pupil.pk]) + f"?household={value}&contact={value}",
    ]
    for page in pages:
        assert client.get(page).status_code < 500, page
