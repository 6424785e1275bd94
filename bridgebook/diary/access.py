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

Events: staff of the school see its events; a draft class event only staff who see its
class. Whole-school staff write events for the whole school or any class, class staff for
their own classes, and who may write an event may publish it. A family sees a published
event that concerns one of their children.

Photos: shown to someone who may see at least one tagged pupil whose photo consent allows
photos in the book, and never where the entry or event they belong to is hidden.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from bridgebook.core.access import (
    WHOLE_SCHOOL_ROLES,
    Viewer,
    access_pupil,
    can_manage_people,
    viewer_for,
    visible_classes,
    visible_pupils,
    visible_schools,
)
from bridgebook.diary.models import BookEvent, BookExport, Entry, Incident, Photo
from bridgebook.people.models import ClassStaff, PhotoConsent

# Consent that allows a photo in the pupil's home-school book.
PHOTO_CONSENT = (PhotoConsent.BOOK, PhotoConsent.SCHOOL, PhotoConsent.PUBLIC)


def own_household(*, user_id, households) -> Q:
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
    return ~Q(origin=Entry.Origin.HOME) | own_household(
        user_id=viewer.user.pk, households=viewer.households.values())


def family_replies(viewer: Viewer) -> Q:
    """The replies a family member may read: staff's, and their household's (or shared)."""
    return Q(from_family=False) | own_household(
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


# Book settings and "my day" --------------------------------------------------------------

def can_manage_book(user, pupil) -> bool:
    """Staff who manage people at the school, or the pupil's class teacher."""
    if can_manage_people(user, pupil.school):
        return True
    if pupil.school_class_id is None:
        return False
    return ClassStaff.objects.filter(school_class_id=pupil.school_class_id, user=user,
                                     is_class_teacher=True).exists()


def access_book_settings(user, pupil_id):
    """The pupil whose book settings these are: 404 for who may not see the pupil, 403 for
    anyone else but the staff who manage the book (``can_manage_book``)."""
    pupil = access_book(user, pupil_id)
    if not viewer_for(user).is_staff_member:
        raise PermissionDenied
    if not can_manage_book(user, pupil):
        raise PermissionDenied
    return pupil


def access_my_day(user, pupil_id):
    """The pupil whose "my day" staff write with them; families read it in the book (403)."""
    pupil = access_book(user, pupil_id)
    if not viewer_for(user).is_staff_member:
        raise PermissionDenied
    return pupil


# Incidents -------------------------------------------------------------------------------

def can_acknowledge(user, incident: Incident) -> bool:
    """A family member with a contact at the pupil's school acknowledges incidents."""
    viewer = viewer_for(user)
    if not viewer.is_family:
        return False
    return viewer.contact_for_school(incident.entry.pupil.school_id) is not None


def access_incident(user, incident_id, *, acknowledge: bool = False) -> Incident:
    """An incident on an entry the user may read (else 404); ``acknowledge``: one they may
    acknowledge (else 403)."""
    incident = (Incident.objects.filter(pk=incident_id, entry__in=readable_entries(user))
                .select_related("entry__pupil__school").first())
    if incident is None:
        raise Http404
    if acknowledge and not can_acknowledge(user, incident):
        raise PermissionDenied
    return incident


# Events ----------------------------------------------------------------------------------

def can_write_whole_school_events(user, school) -> bool:
    return viewer_for(user).has_role(school, WHOLE_SCHOOL_ROLES)


def event_classes(user, school):
    """The classes of the school the user may write events for: every class for
    whole-school staff, their own for class staff."""
    return visible_classes(user).filter(school=school)


def can_write_events(user, school) -> bool:
    """Whether the user may write any event at the school (for the school or a class)."""
    if can_write_whole_school_events(user, school):
        return True
    return event_classes(user, school).exists()


def can_write_event(user, event: BookEvent) -> bool:
    """Whether the user may write (and so publish) this event, as they could write it."""
    if can_write_whole_school_events(user, event.school):
        return True
    if event.school_class_id is None:
        return False
    return event_classes(user, event.school).filter(pk=event.school_class_id).exists()


def _staff_see_event(user, event: BookEvent) -> bool:
    if not visible_schools(user).filter(pk=event.school_id).exists():
        return False
    if event.published_at is not None:
        return True
    if event.school_class_id is None:
        return True
    # A draft class event: only staff who see that class (it is in those pupils' books).
    return visible_classes(user).filter(pk=event.school_class_id).exists()


def _family_see_event(user, event: BookEvent) -> bool:
    if event.published_at is None:
        return False
    concerned = visible_pupils(user).filter(school_id=event.school_id)
    if event.school_class_id is not None:
        concerned = concerned.filter(school_class_id=event.school_class_id)
    concerned = concerned.filter(Q(admission_date__isnull=True)
                                 | Q(admission_date__lte=event.date))
    return concerned.exists()


def access_event(user, event_id, *, write: bool = False) -> BookEvent:
    """A class or whole-school event the user may see (else 404); ``write``: one they may
    write and publish (else 403)."""
    event = (BookEvent.objects.filter(pk=event_id, deleted_at__isnull=True)
             .select_related("school", "school_class", "author").first())
    if event is None:
        raise Http404
    if viewer_for(user).is_staff_member:
        seen = _staff_see_event(user, event)
    else:
        seen = _family_see_event(user, event)
    if not seen:
        raise Http404
    if write and not can_write_event(user, event):
        raise PermissionDenied
    return event


# Photos ----------------------------------------------------------------------------------

def can_show_photos(pupil) -> bool:
    """Whether the pupil's photo consent allows photos of them in their book."""
    return pupil.photo_consent in PHOTO_CONSENT


def _item_shown(item, *, is_staff: bool) -> bool:
    """Whether the entry or event a photo belongs to is shown: not removed, and for
    families published."""
    if item.deleted_at is not None:
        return False
    if is_staff:
        return True
    return item.published_at is not None


def access_photo(user, token: str) -> Photo:
    """The photo if the user may see a tagged pupil whose consent allows it; else 404.

    A photo on an entry or event is also hidden wherever that entry or event is: removed,
    (for families) not yet published, or another household's own home entry.
    """
    photo = (Photo.objects.select_related("entry", "event").filter(token=token[:32]).first()
             if token else None)
    if photo is None:
        raise Http404
    viewer = viewer_for(user)
    is_staff = viewer.is_staff_member
    if photo.entry is not None and not _item_shown(photo.entry, is_staff=is_staff):
        raise Http404
    # A home entry is its household's own (or shared): its photos are as private as it is.
    if (photo.entry is not None and viewer.is_family and photo.entry.is_family_writing
            and not Entry.objects.filter(pk=photo.entry_id)
            .filter(family_entries(viewer)).exists()):
        raise Http404
    if photo.event is not None and not _item_shown(photo.event, is_staff=is_staff):
        raise Http404
    allowed = photo.pupils.filter(pk__in=visible_pupils(user).values("pk"),
                                  photo_consent__in=PHOTO_CONSENT)
    if not allowed.exists():
        raise Http404
    return photo
