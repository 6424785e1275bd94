"""The staff conversations page links to "Your working hours" only for someone who has
working hours: a role at a school. A trust administrator without one would get a 404."""

import pytest
from django.urls import reverse

WORKING_HOURS = reverse("messaging:working_hours")


@pytest.mark.parametrize("name,linked", [("class_teacher", True), ("principal", True),
                                         ("trust_admin", False)])
def test_working_hours_link_only_for_school_staff(world, client_for, name, linked):
    client = client_for(getattr(world, name))
    page = client.get(reverse("messaging:inbox")).content.decode()
    assert "Unread messages from families" in page
    assert (f'href="{WORKING_HOURS}"' in page) is linked
    assert ("Your working hours" in page) is linked
    # The link is shown exactly when the page behind it opens.
    assert client.get(WORKING_HOURS).status_code == (200 if linked else 404)
