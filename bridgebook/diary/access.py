"""Who may read and write the home-school book.

Reading follows the pupil: anyone who may see a pupil (``core.access.visible_pupils``)
may read their book, except that families see only published entries. Writing:

- staff who can see a pupil write school entries, events and replies for them, and may
  correct or remove a school entry (each change is kept in the history and audit log);
- family members entitled to a pupil write home entries and replies, and change only
  their own home entries;
- the pupil's voice ("my day") is written by staff with the pupil.

What a family member writes (a home entry, a reply) is read by staff and by the writer's
own household; a parent who lives elsewhere reads it only when the writer shares it
(``shared_with_all``). Separate households are separate.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from bridgebook.core.access import Viewer, access_pupil, viewer_for, visible_pupils
from bridgebook.diary.models import BookExport, Entry


def _own_household(*, user_id, households) -> Q:
    """What a family wrote that this family member may read: their own, their household's,
    or shared with every household."""
    condition = Q(author_id=user_id) | Q(shared_with_all=True)
    households = [household for household in households if household is not None]
    if households:
        condition |= Q(household_id__in=households)
    return condition


def family_entries(viewer: Viewer) -> Q:
    """The entries a family member may read, of those they may see: everything school and
    the pupil write, and home entries of their household (or shared with them)."""
    return ~Q(origin=Entry.Origin.HOME) | _own_household(
        user_id=viewer.user.pk, households=viewer.households.values())


def family_replies(viewer: Viewer) -> Q:
    """The replies a family member may read: staff's, and their household's (or shared)."""
    return Q(from_family=False) | _own_household(
        user_id=viewer.user.pk, households=viewer.households.values())


def family_may_read(item, contact) -> bool:
    """Whether ``contact`` may read a home entry or reply (for whom to tell about it)."""
    if not item.is_family_writing or item.shared_with_all:
        return True
    if contact.user_id is not None and item.author_id == contact.user_id:
        return True
    return item.household_id is not None and item.household_id == contact.household_id


def readable_entries(user):
    """Entries the user may read: of visible pupils, not removed, drafts for staff only,
    and for a family member no other household's own writing."""
    entries = Entry.objects.filter(pupil__in=visible_pupils(user), deleted_at__isnull=True)
    viewer = viewer_for(user)
    if not viewer.is_staff_member:
        entries = entries.filter(status=Entry.Status.PUBLISHED)
        if viewer.is_family:
            entries = entries.filter(family_entries(viewer))
    return entries


def access_book(user, pupil_id):
    """The pupil whose book this is; anyone who may see the pupil may read it and write
    entries of their own kind (staff: school entries; families: home entries; each view
    asks which kind the viewer is with ``is_family_reader``)."""
    return access_pupil(user, pupil_id)


def access_entry(user, entry_id, *, write: bool = False) -> Entry:
    entry = (readable_entries(user).select_related("pupil", "pupil__school", "author")
             .filter(pk=entry_id).first())
    if entry is None:
        raise Http404
    if write and not may_change(user, entry):
        raise PermissionDenied
    return entry


def access_export(user, export_id) -> BookExport:
    """A PDF of the book someone asked for. Only they may see it or fetch it, staff
    included (it is their own download: anyone else who may read the book asks for their
    own), and only while they may still read the pupil's book; anyone else gets 404."""
    export = (BookExport.objects.select_related("pupil", "pupil__school")
              .filter(pk=export_id)
              .filter(requested_by_id=user.pk)
              .filter(pupil__in=visible_pupils(user))
              .first())
    if export is None:
        raise Http404
    return export


def may_change(user, entry: Entry) -> bool:
    viewer = viewer_for(user)
    if entry.origin == Entry.Origin.HOME:
        return entry.author_id == user.pk
    return viewer.is_staff_member


def is_family_reader(user) -> bool:
    return viewer_for(user).is_family
