"""What every signed-in page reads before its own work, for tests that count queries.

A test counting a page's queries writes ``STAFF_FRAME + n`` or ``FAMILY_FRAME + n`` and
lists in its comment only the ``n`` queries that are the page's own.
"""

# The session, the user, their second-factor device (django-otp) and the Viewer: one
# query for their staff roles, the court orders that keep pupils from them, the trusts
# they administer and their contacts (``bridgebook.core.access.viewer_for``).
STAFF_FRAME = 4

# The session, the user and the Viewer (the same one query); families have no
# second-factor device.
FAMILY_FRAME = 3

# What the installed apps show with book entries (``registry.EntryExtra``) on the class's day
# page and the full entry, for staff: the targets app reads the pupils' open targets and
# which of them the entries are evidence for.
ENTRY_EXTRAS = 2


def family_landing() -> int:
    """A family's landing page: FAMILY_FRAME, the children with their school and class, and
    one flat count over the children for each landing card the installed apps register."""
    from bridgebook.core.registry import site

    return FAMILY_FRAME + 1 + len(site.cards())
