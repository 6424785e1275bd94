"""The landing page warns a school's leaders that a member of staff is a restricted contact
of a pupil; the member of staff concerned (Rita, in the office, kept from Amira by a court
order) reads the school's figures as the office does, but not that warning: it names Amira
(issue 9: the order wins over the staff role)."""

from django.urls import reverse

from bridgebook.conftest import signed_in


def test_the_restricted_member_of_staff_is_not_told_of_the_pupil_kept_from_her(
        world, every_persona):
    home = reverse("core:home")

    principal = signed_in(world.principal).get(home).content.decode()
    rita = signed_in(world.restricted_staff).get(home)

    assert "Rita Clerk, a member of staff, is a restricted contact of Amira Hassan" in principal
    page = rita.content.decode()
    assert rita.status_code == 200 and "pupils on roll" in page
    assert "Amira" not in page and "a member of staff, is a restricted contact" not in page
