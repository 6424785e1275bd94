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
