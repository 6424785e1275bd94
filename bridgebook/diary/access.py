"""Who may read and write the home-school book.

Reading follows the pupil: anyone who may see a pupil (``core.access.visible_pupils``)
may read their book, except that families see only published entries. Writing:

- staff who can see a pupil write school entries, events and replies for them, and may
  correct or remove a school entry (each change is kept in the history and audit log);
- family members entitled to a pupil write home entries and replies, and change only
  their own home entries;
- the pupil's voice ("my day") is written by staff with the pupil.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from bridgebook.core.access import access_pupil, viewer_for, visible_pupils
from bridgebook.diary.models import BookExport, Entry


def readable_entries(user):
    """Entries the user may read: of visible pupils, not removed, drafts for staff only."""
    entries = Entry.objects.filter(pupil__in=visible_pupils(user), deleted_at__isnull=True)
    if not viewer_for(user).is_staff_member:
        entries = entries.filter(status=Entry.Status.PUBLISHED)
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
