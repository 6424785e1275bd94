"""Telling people about a concern, each in their own language.

- The staff it was raised with (the class staff of the child's class, or the staff of their
  residential group) are emailed when it arrives (``tell_staff``), once: the concern is
  stamped before the email goes and unstamped if sending fails, and the daily
  ``flag_overdue_concerns`` sends it then. What the family member
  wrote reaches them in the staff's language (English, the school's), machine translation
  marked, with the original after it. If nobody works in that class or group, the school's
  leaders are told instead.
- The family member who raised it gets their own copy of each step that is theirs to know
  (acknowledged and by whom, an update, a resolution proposed, passed to a senior leader,
  passed to the complaints procedure),
  in their language by their channels (``messaging.create_messages``; the entry's id is the
  message's ``source_id``, so each is told once). Staff's words are machine translated and
  marked. Nobody else in the family is written to: the concern is theirs. A family member no
  longer entitled to the child (a court order recorded since) is written to no more.
- Whoever is dealing with it is emailed the family's answer to a proposed resolution; the
  senior leader it is passed to is emailed, with why (staff's reason is a note the family
  never reads: the family is told only who has their concern now); the leaders are
  emailed when it was not acknowledged in time (``overdue``, from the daily
  ``flag_overdue_concerns``).

Staff are never emailed about a child a court order keeps from them
(``core.access.users_kept_from``). A failure is logged: the concern is on its pages whatever
happens.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bridgebook.concerns.access import addressed_staff_ids
from bridgebook.concerns.models import CONCERN_NOTICE, Addressed, Concern, ConcernEntry
from bridgebook.core.access import users_kept_from
from bridgebook.core.models import User
from bridgebook.messaging.delivery import Draft, create_messages
from bridgebook.messaging.recipients import resolve
from bridgebook.people.codes import language_name_here
from bridgebook.translation.services import base_language, marked_for

logger = logging.getLogger(__name__)
Kind = ConcernEntry.Kind

# What staff read: the school's language.
STAFF_LANGUAGE = base_language(settings.LANGUAGE_CODE)


def _url(concern: Concern) -> str:
    return settings.BRIDGEBOOK_BASE_URL + reverse("concerns:concern", args=[concern.pk])


def _concern(concern_id: int) -> Concern:
    return (Concern.objects.select_related("school", "pupil", "pupil__school_class",
                                           "pupil__residential_group", "contact", "handler")
            .get(pk=concern_id))


def for_staff(text: str, source: str, school) -> str:
    """What a family member wrote, as staff read it in an email: machine translated into
    the staff's language and marked so, with the original after it."""
    if not text.strip():
        return text
    read = marked_for([text], target=STAFF_LANGUAGE, source=source, school=school)[0]
    if read == text:
        return text
    return f"{read}\n\nAs written ({language_name_here(source)}):\n{text}"


def _reachable(users, concern: Concern) -> list:
    """Active staff with an email address whom no court order keeps from the child."""
    return list(users.filter(is_active=True).exclude(email="")
                .exclude(pk__in=users_kept_from(concern.pupil)).order_by("full_name", "pk"))


def _leaders(concern: Concern) -> list:
    from bridgebook.concerns.selectors import leaders

    return [user for user in leaders(concern.school, concern.pupil) if user.email]


def _email(subject: str, lines: list[str], people: list) -> bool:
    if not people:
        return False
    send_mail(subject, "\n\n".join(lines), None, [person.email for person in people])
    return True


def _where(concern: Concern) -> str:
    pupil = concern.pupil
    if concern.addressed_to == Addressed.RESIDENTIAL and pupil.residential_group_id:
        return f"{pupil.residential_group.name} (residential staff)"
    if pupil.school_class_id:
        return f"{pupil.school_class.name} (class staff)"
    return "no class"


# When a concern arrives -------------------------------------------------------------------

def tell_staff(concern_id: int) -> bool:
    """Email the staff the concern was raised with (the leaders if nobody works in that
    class or group), once: the concern is claimed with a conditional UPDATE first, so two
    tries at once send one email, and unclaimed if anything fails, so that the daily
    ``flag_overdue_concerns`` sends it (``actions.tell_staff_missed``). True when the email
    went."""
    claimed = Concern.objects.filter(pk=concern_id, staff_told_at__isnull=True).update(
        staff_told_at=timezone.now())
    if not claimed:
        return False
    try:
        return _email_staff(_concern(concern_id))
    except Exception:
        Concern.objects.filter(pk=concern_id).update(staff_told_at=None)
        logger.exception("Telling staff of concern %s failed; tried again on the next run "
                         "of flag_overdue_concerns", concern_id)
        return False


def _email_staff(concern: Concern) -> bool:
    people = _reachable(User.objects.filter(pk__in=addressed_staff_ids(concern)), concern)
    if not people:
        people = _leaders(concern)
    pupil = concern.pupil
    due = date_format(concern.acknowledge_by, "l j F")
    lines = [
        f"{concern.contact.full_name} has raised a concern about {pupil.display_name} "
        f"with {_where(concern)}:",
        for_staff(concern.text, concern.language, concern.school),
        f"Please acknowledge it by the end of {due} and say who is dealing with it.",
    ]
    if concern.wants_meeting:
        lines.append("They would like to meet.")
    lines.append(f"See it in Bridgebook: {_url(concern)}")
    return _email(f"Concern raised about {pupil.display_name}", lines, people)


# The family's own copy of each step -------------------------------------------------------

def _family_words(entry: ConcernEntry, concern: Concern) -> tuple[str, str]:
    """The subject and first line of the family's message, in the active language."""
    pupil, who = concern.pupil, entry.author.full_name if entry.author else ""
    subject = _("Your concern about %(name)s") % {"name": pupil.first_name}
    if entry.kind == Kind.ACKNOWLEDGED:
        line = _("%(staff)s has read your concern. %(handler)s is dealing with it.") % {
            "staff": who, "handler": entry.named.full_name if entry.named else who}
    elif entry.kind == Kind.UPDATE:
        line = _("%(staff)s wrote about your concern:") % {"staff": who}
    elif entry.kind == Kind.PROPOSAL:
        line = _("%(staff)s proposes this to resolve your concern. Please tell us if it "
                 "does:") % {"staff": who}
    elif entry.kind == Kind.COMPLAINTS:
        line = _("Your concern is now dealt with under the school’s complaints procedure, "
                 "a separate, formal process. The school will write to you about it.")
    else:
        line = _("Your concern has been passed to %(leader)s, a senior leader at the "
                 "school.") % {"leader": entry.named.full_name if entry.named else ""}
    return subject, line


def tell_family(entry_id: int) -> list[int]:
    """The family member who raised the concern hears of this step, in their language;
    returns the new message's id (none the second time, or when they are no longer
    entitled to the child)."""
    entry = (ConcernEntry.objects.select_related("author", "named").get(pk=entry_id))
    concern = _concern(entry.concern_id)
    if not entry.is_shared or entry.from_family:
        return []
    contact = next((recipient.contact for recipient in resolve([concern.pupil])
                    if recipient.contact.pk == concern.contact_id), None)
    if contact is None:
        return []
    language = contact.language or "en"
    words = ""
    # Staff's own words, written for the family. Passing it to a senior leader has none:
    # staff's reason is a note for the senior leader.
    if entry.text and entry.kind in (Kind.UPDATE, Kind.PROPOSAL):
        words = marked_for([entry.text], target=language, source=entry.language,
                           school=concern.school)[0]
    with translation.override(language):
        subject, line = _family_words(entry, concern)
        link = _("See where your concern stands: %(url)s") % {"url": _url(concern)}
    body = "\n\n".join(part for part in [line, words, link] if part)
    return create_messages(school=concern.school, kind=CONCERN_NOTICE, source_id=entry.pk,
                           drafts=[Draft(contact=contact, subject=subject, body=body,
                                         pupils=[concern.pupil])])


# Staff told of the family's answer, an escalation, a concern overdue ----------------------

def tell_handler(entry_id: int) -> bool:
    """Whoever is dealing with the concern hears the family's answer to a proposed
    resolution (the leaders, if nobody is named)."""
    entry = ConcernEntry.objects.get(pk=entry_id)
    concern = _concern(entry.concern_id)
    people = (_reachable(User.objects.filter(pk=concern.handler_id), concern)
              if concern.handler_id else _leaders(concern))
    pupil = concern.pupil
    agreed = entry.kind == Kind.AGREED
    lines = [f"{concern.contact.full_name} says the concern about {pupil.display_name} is "
             + ("resolved." if agreed else "not resolved.")]
    if entry.text:
        lines.append(for_staff(entry.text, entry.language, concern.school))
    if not agreed:
        lines.append("You can propose another resolution, or pass it to a senior leader.")
    lines.append(f"See it in Bridgebook: {_url(concern)}")
    try:
        return _email(f"Concern about {pupil.display_name}: "
                      + ("resolved" if agreed else "not resolved"), lines, people)
    except Exception:
        logger.exception("Telling staff of the answer on concern %s failed", concern.pk)
        return False


def tell_senior_leader(entry_id: int, reason_id: int | None = None) -> bool:
    """The senior leader a concern is passed to is emailed, with why: the family member's
    reason (translated) when they passed it on, else staff's note (``reason_id``)."""
    entry = ConcernEntry.objects.select_related("author", "named").get(pk=entry_id)
    concern = _concern(entry.concern_id)
    if entry.named_id is None:
        return False
    people = _reachable(User.objects.filter(pk=entry.named_id), concern)
    pupil = concern.pupil
    by = entry.author.full_name if entry.author else "Someone"
    lines = [f"{by} has passed you the concern {concern.contact.full_name} raised about "
             f"{pupil.display_name}:",
             for_staff(concern.text, concern.language, concern.school)]
    if entry.from_family and entry.text:
        lines.append("Why: " + for_staff(entry.text, entry.language, concern.school))
    elif reason_id is not None:
        why = (ConcernEntry.objects.filter(pk=reason_id, concern=concern, kind=Kind.NOTE)
               .values_list("text", flat=True).first())
        if why:
            lines.append(f"Why (a note for staff: the family does not see it): {why}")
    lines.append(f"See it in Bridgebook: {_url(concern)}")
    try:
        return _email(f"Concern passed to you: {pupil.display_name}", lines, people)
    except Exception:
        logger.exception("Telling the senior leader of concern %s failed", concern.pk)
        return False


def tell_leaders_overdue(concern_id: int) -> bool:
    """The school's leaders hear that a concern was not acknowledged in time."""
    concern = _concern(concern_id)
    pupil = concern.pupil
    raised = date_format(timezone.localtime(concern.raised_at, concern.school.tz), "l j F")
    due = date_format(concern.acknowledge_by, "l j F")
    lines = [f"The concern {concern.contact.full_name} raised about {pupil.display_name} "
             f"with {_where(concern)} on {raised} was not acknowledged by the end of {due}.",
             "Please make sure someone acknowledges it and tells the family who is dealing "
             "with it.",
             f"See it in Bridgebook: {_url(concern)}"]
    return _email(f"Concern not acknowledged in time: {pupil.display_name}", lines,
                  _leaders(concern))

