"""Which school the staff menu is about."""

from bridgebook.core.access import viewer_for


def show_school(request, school) -> None:
    """While a member of staff reads a page about ``school`` (a pupil's, an announcement),
    the menu links to that school's pages; a family's menu has no school pages."""
    if viewer_for(request.user).is_staff_member:
        request.bridgebook_school = school
