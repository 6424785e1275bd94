"""Who may do what on the accounts pages.

Signing in is open to everyone; a person's own account page and authenticator are theirs
(the signed-in user, never one named in the URL). Inviting a family member to Bridgebook
is changing their contact record: staff who manage people at the contact's school (office,
principal, SENCO, trust administrators) may; other staff who can see the contact get 403,
and everyone else 404 (``core.access.access_contact``).
"""

from django.http import Http404

from bridgebook.core.access import access_contact, viewer_for


def access_invitation(user, contact_id):
    """The contact ``user`` may invite to Bridgebook (404 when they may not see them, 403
    when they may see but not invite)."""
    return access_contact(user, contact_id, write=True)


def access_second_factor_setup(user) -> None:
    """Setting up an authenticator app is for staff (families sign in with links and codes):
    anyone else gets 404."""
    if not viewer_for(user).is_staff_member:
        raise Http404
