"""Telling the family and the member of staff about a meeting.

``booking`` calls ``tell(notice_id)`` after each change commits (booked, moved, a new
place or way to meet, cancelled, tomorrow's reminder). The family members of the meeting
(the one who booked, and anyone coming with them) each get a message in their own language
by their own channels (``messaging.create_messages``): what, when in the school's time,
where or how, the interpreter, the reason for a change, and links to the meeting and its
calendar file. Only those entitled to the child now are written to
(``messaging.recipients.resolve`` never returns a restricted contact), and each message is
read only while they stay entitled (``Draft.pupils``). The notice's id is the messages'
``source_id``: each is told once.

The member of staff gets an email with the calendar invitation attached (``text/calendar;
method=REQUEST``, or ``CANCEL``), sent by a background task that stamps the notice
(``staff_emailed_at``, a conditional UPDATE) before it goes, so it is never sent twice.
Reminders are the family's: the member of staff's calendar already has the meeting.
The two parts are told apart: if writing the family's messages fails, the member of staff
is still emailed, and the hourly job sends whatever was missed (``reminders.resend_missed``).

Language goes both ways. What a family member wrote (what they would like to talk about, the
reason they moved or cancelled) reaches the member of staff in the staff's language
(English, the school's), and what staff wrote reaches each family member in theirs, each
machine translation marked, from the language of whoever wrote it
(``writer_language``: a family member of the meeting or its household writes in their
language on record, staff in English).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bridgebook.appointments import ics
from bridgebook.appointments.models import (
    APPOINTMENT_NOTICE,
    Appointment,
    AppointmentNotice,
    Mode,
)
from bridgebook.core.access import users_kept_from
from bridgebook.messaging.delivery import Draft, create_messages
from bridgebook.messaging.recipients import resolve
from bridgebook.people.codes import language_name_here
from bridgebook.people.models import Contact
from bridgebook.translation.services import (
    NOT_TEXT_LANGUAGES,
    base_language,
    marked_for,
)

What = AppointmentNotice.What
logger = logging.getLogger(__name__)

# What staff read, and write in: the school's language.
STAFF_LANGUAGE = base_language(settings.LANGUAGE_CODE)


# Who wrote what, and in which language ------------------------------------------------------

def writer_language(appointment: Appointment, user_id: int | None,
                    contacts: list | None = None) -> str:
    """The language of what ``user_id`` wrote on the meeting: a family member's (one of
    the meeting's family members, or of its household) language on record; staff's (or
    nobody's) the school's, English. One query at most (who comes, when ``contacts`` are
    not given, or a household member who does not)."""
    if user_id is None:
        return STAFF_LANGUAGE
    contacts = contacts if contacts is not None else family_contacts(appointment)
    for contact in contacts:
        if contact.user_id == user_id:
            return _written(contact.language)
    if appointment.household_id is not None:
        language = (Contact.objects.filter(user_id=user_id, school_id=appointment.school_id,
                                           household_id=appointment.household_id)
                    .order_by("pk").values_list("language", flat=True).first())
        if language is not None:
            return _written(language)
    return STAFF_LANGUAGE


def _written(language: str) -> str:
    """The written language of someone whose language on record is ``language``: a
    signer (BSL, no written form) writes English."""
    language = base_language(language)
    return "en" if language in NOT_TEXT_LANGUAGES else language


def about_language(appointment: Appointment, contacts: list | None = None) -> str:
    """The language ``about`` was written in: whoever booked the meeting wrote it."""
    return writer_language(appointment, appointment.booked_by_id, contacts)


def reason_language(appointment: Appointment, contacts: list | None = None) -> str:
    """The language the reason for a change was written in: whoever changed it."""
    return writer_language(appointment, appointment.changed_by_id, contacts)


def read_in(text: str, *, source: str, target: str, school) -> str:
    """``text`` (written in ``source``) as a reader of ``target`` reads it in a message,
    an email or a calendar file: machine translated and marked so (in ``target``) where
    the two differ, else as written."""
    if not text or not text.strip():
        return text
    return marked_for([text], target=target, source=source, school=school)[0]


# Words, in the active language -----------------------------------------------------------

def when(appointment: Appointment) -> str:
    """The meeting's day and time in the school's time zone, in the active language."""
    tz = appointment.school.tz
    starts = timezone.localtime(appointment.starts_at, tz)
    ends = timezone.localtime(appointment.ends_at, tz)
    return _("%(day)s, %(start)s to %(end)s") % {
        "day": date_format(starts, "l j F Y"), "start": date_format(starts, "H:i"),
        "end": date_format(ends, "H:i")}


def how(appointment: Appointment) -> str:
    """Where the meeting is, or how it happens."""
    staff = appointment.staff.full_name
    if appointment.mode == Mode.PHONE:
        return _("By phone: %(staff)s will call you.") % {"staff": staff}
    if appointment.mode == Mode.VIDEO:
        if appointment.video_link:
            return _("By video: %(link)s") % {"link": appointment.video_link}
        return _("By video: %(staff)s will send you the link.") % {"staff": staff}
    if appointment.place:
        return _("In school: %(place)s") % {"place": appointment.place}
    return _("In school")


def interpreter_line(appointment: Appointment) -> str:
    if not appointment.interpreter_language:
        return ""
    return _("An interpreter for %(language)s will be there.") % {
        "language": language_name_here(appointment.interpreter_language)}


def summary(appointment: Appointment, *, for_family: bool) -> str:
    """The meeting's title in a calendar: who it is with, and about which child."""
    if for_family:
        return _("Meeting with %(staff)s about %(name)s") % {
            "staff": appointment.staff.full_name, "name": appointment.pupil.first_name}
    return _("Meeting with %(family)s about %(name)s") % {
        "family": appointment.contact.full_name, "name": appointment.pupil.display_name}


def family_contacts(appointment: Appointment) -> list:
    return [appointment.contact, *appointment.with_contacts.order_by("pk")]


def calendar_file(appointment: Appointment, *, for_family: bool,
                  contacts: list | None = None, language: str | None = None,
                  reader: Contact | None = None) -> bytes:
    """The invitation as its reader gets it, in the active language; what the other side
    wrote is in ``language`` (the reader's; by default the active language), machine
    translations marked. Only the member of staff's copy lists the family's addresses; a
    family member's copy lists the reader's own (``reader``, their contact) alone: as
    having accepted when they are one of the meeting's family members (who booked it, or
    is coming), else (someone of the household who is not coming) as not having answered,
    PARTSTAT=NEEDS-ACTION (RFC 5546 wants one ATTENDEE)."""
    contacts = contacts if contacts is not None else family_contacts(appointment)
    language = base_language(language or translation.get_language())
    lines = [how(appointment), interpreter_line(appointment)]
    if appointment.about:
        about = read_in(appointment.about, source=about_language(appointment, contacts),
                        target=language, school=appointment.school)
        lines.append(_("To talk about: %(about)s") % {"about": about})
    # A family's own copy names nobody's email address but the reader's: anyone else's
    # is not theirs to read.
    attendees = ([reader] if reader is not None else []) if for_family else contacts
    coming = not for_family or reader is None or any(
        contact.pk == reader.pk for contact in contacts)
    return ics.calendar_for(appointment, summary=summary(appointment, for_family=for_family),
                            description="\n".join(line for line in lines if line),
                            attendees=attendees, phone=_("Phone"),
                            partstat=ics.ACCEPTED if coming else ics.NEEDS_ACTION)


def reader_contact(appointment: Appointment, contact_id: int | None) -> Contact | None:
    """The family member reading the meeting's calendar file (their contact at its school,
    ``contact_id``): the meeting's own ``contact`` without a query, else loaded."""
    if contact_id is None:
        return None
    if appointment.contact_id == contact_id:
        return appointment.contact
    return Contact.objects.filter(pk=contact_id).first()


def book_again_path(appointment: Appointment) -> str | None:
    """Where a family books another time once a meeting is cancelled: a parents' evening's
    booking page while booking is open (nowhere once it has closed), else the child's
    meetings."""
    if appointment.evening_id:
        evening = appointment.evening
        return (reverse("appointments:evening_book", args=[evening.pk])
                if evening.is_open() else None)
    return reverse("appointments:book", args=[appointment.pupil_id])


def family_message(appointment: Appointment, what: str, *, reason: str = "",
                   about: str = "") -> tuple[str, str]:
    """(subject, body) of what a family member is told, in the active language (``reason``
    and ``about`` as the reader reads them)."""
    name, staff = appointment.pupil.first_name, appointment.staff.full_name
    base = settings.BRIDGEBOOK_BASE_URL
    page = base + reverse("appointments:appointment", args=[appointment.pk])
    calendar = base + reverse("appointments:calendar", args=[appointment.pk])
    facts = [how(appointment), interpreter_line(appointment)]
    if what == What.BOOKED:
        subject = _("Your meeting about %(name)s is booked") % {"name": name}
        lines = [_("You are meeting %(staff)s about %(name)s on %(when)s.")
                 % {"staff": staff, "name": name, "when": when(appointment)}, *facts]
    elif what == What.MOVED:
        subject = _("Your meeting about %(name)s has moved") % {"name": name}
        lines = [_("Your meeting with %(staff)s is now on %(when)s.")
                 % {"staff": staff, "when": when(appointment)}, *facts]
    elif what == What.RELOCATED:
        subject = _("Where your meeting about %(name)s happens has changed") % {"name": name}
        lines = [_("Where or how your meeting happens has changed: %(how)s")
                 % {"how": how(appointment)},
                 _("The time is the same: you are meeting %(staff)s on %(when)s.")
                 % {"staff": staff, "when": when(appointment)},
                 interpreter_line(appointment)]
    elif what == What.CANCELLED:
        subject = _("Your meeting about %(name)s is cancelled") % {"name": name}
        lines = [_("Your meeting with %(staff)s on %(when)s is cancelled.")
                 % {"staff": staff, "when": when(appointment)}]
    else:
        subject = _("Reminder: your meeting about %(name)s is tomorrow") % {"name": name}
        lines = [_("You are meeting %(staff)s about %(name)s tomorrow, %(when)s.")
                 % {"staff": staff, "name": name, "when": when(appointment)}, *facts]
    if about and what != What.CANCELLED:
        lines.append(_("To talk about: %(about)s") % {"about": about})
    if reason and what in (What.MOVED, What.CANCELLED):
        lines.append(_("Reason: %(reason)s") % {"reason": reason})
    if what == What.CANCELLED:
        if (again := book_again_path(appointment)) is not None:
            lines.append(_("You can book another time here: %(url)s") % {"url": base + again})
        lines.append(_("Take it off your calendar: %(url)s") % {"url": calendar})
    elif appointment.evening_id:
        # Nobody in a family moves a parents' evening meeting, and only the booker's
        # household cancels one: the page is only to see it.
        lines.append(_("See it here: %(url)s") % {"url": page})
    else:
        lines.append(_("See it, move it or cancel it here: %(url)s") % {"url": page})
        lines.append(_("Add it to your calendar: %(url)s") % {"url": calendar})
    return subject, "\n".join(line for line in lines if line)


# Telling -----------------------------------------------------------------------------------

def _notice(notice_id: int) -> AppointmentNotice:
    return AppointmentNotice.objects.select_related(
        "appointment", "appointment__school", "appointment__pupil",
        "appointment__pupil__school", "appointment__staff", "appointment__contact",
    ).get(pk=notice_id)


def tell(notice_id: int) -> None:
    """Tell the family and the member of staff about a notice (after the change
    committed): each once, however often it is asked. Each part on its own: a failure
    writing the family's messages does not stop the member of staff's email (what failed
    is sent by the next hourly job)."""
    notice = _notice(notice_id)
    try:
        tell_family(notice)
    except Exception:
        logger.exception("Telling the family about appointment notice %s failed; the "
                         "hourly job tries again", notice_id)
    if notice.what != What.REMINDER:
        try:
            email_staff.enqueue(notice_id=notice.pk)
        except Exception:
            logger.exception("Queueing the staff email for appointment notice %s failed; "
                             "the hourly job tries again", notice_id)


def tell_family(notice: AppointmentNotice) -> list[int]:
    """Write each family member's message about ``notice``; returns their ids (none the
    second time, none for a contact who is not entitled to the child now)."""
    appointment = notice.appointment
    pupil = appointment.pupil
    contacts = family_contacts(appointment)
    wanted = {contact.pk: contact for contact in contacts}
    sources = {"about": about_language(appointment, contacts),
               "reason": reason_language(appointment, contacts)}
    texts = {"about": appointment.about, "reason": appointment.change_reason}
    words: dict[str, dict[str, str]] = {}
    drafts = []
    for recipient in resolve([pupil]):
        contact = recipient.contact
        if contact.pk not in wanted:
            continue
        language = contact.language or "en"
        if language not in words:
            words[language] = {
                key: read_in(texts[key], source=sources[key], target=language,
                             school=pupil.school) for key in texts}
        with translation.override(language):
            subject, body = family_message(appointment, notice.what, **words[language])
        drafts.append(Draft(contact=contact, subject=subject, body=body, pupils=[pupil]))
    if not drafts:
        return []
    return create_messages(school=pupil.school, kind=APPOINTMENT_NOTICE, drafts=drafts,
                           source_id=notice.pk)


def _kept_from_staff(appointment: Appointment) -> bool:
    """Whether a court order keeps the child from the member of staff (a restricted
    contact who is them or has their email address): nothing goes to them."""
    return users_kept_from(appointment.pupil).filter(
        pk=appointment.staff_id).exists()


def _for_staff(text: str, source: str, school) -> str:
    """What a family member wrote, as the member of staff reads it: machine translated
    into the school's language and marked so, with the original after it."""
    read = read_in(text, source=source, target=STAFF_LANGUAGE, school=school)
    if read == text:
        return text
    return f"{read}\nAs written ({language_name_here(source)}): {text}"


def staff_email(notice: AppointmentNotice) -> EmailMessage:
    appointment = notice.appointment
    pupil = appointment.pupil
    method = ics.CANCEL if notice.what == What.CANCELLED else ics.REQUEST
    url = settings.BRIDGEBOOK_BASE_URL + reverse("appointments:appointment",
                                                 args=[appointment.pk])
    with translation.override("en"):
        contacts = family_contacts(appointment)
        family = ", ".join(contact.full_name for contact in contacts)
        heading = {What.BOOKED: "Meeting booked", What.MOVED: "Meeting moved",
                   What.RELOCATED: "Meeting place changed",
                   What.CANCELLED: "Meeting cancelled"}.get(notice.what, "Meeting")
        lines = [f"{heading}: {family} about {pupil.display_name}, {when(appointment)}.",
                 how(appointment)]
        for contact in contacts:
            needs = []
            if contact.interpreter_needed:
                needs.append(f"needs an interpreter for {language_name_here(contact.language)}")
            if contact.literacy_support:
                needs.append("needs help with reading and writing")
            if needs:
                lines.append(f"{contact.full_name} {' and '.join(needs)}.")
        if appointment.interpreter_language:
            language = language_name_here(appointment.interpreter_language)
            lines.append(f"An interpreter for {language} ({appointment.interpreter_name}) "
                         "is booked for the meeting." if appointment.interpreter_name else
                         f"The family needs an interpreter for {language}: none is named "
                         "for this meeting yet, so arrange one.")
        if appointment.about:
            about = _for_staff(appointment.about, about_language(appointment, contacts),
                               appointment.school)
            lines.append(f"To talk about: {about}")
        if appointment.change_reason and notice.what in (What.MOVED, What.CANCELLED):
            reason = _for_staff(appointment.change_reason,
                                reason_language(appointment, contacts), appointment.school)
            lines.append(f"Reason: {reason}")
        lines.append(f"See it in Bridgebook: {url}")
        invitation = calendar_file(appointment, for_family=False, contacts=contacts,
                                   language=STAFF_LANGUAGE)
    message = EmailMessage(
        subject=f"{heading}: {pupil.display_name}, "
                f"{timezone.localtime(appointment.starts_at, appointment.school.tz):%d %B %H:%M}",
        body="\n\n".join(line for line in lines if line), to=[appointment.staff.email])
    message.attach("meeting.ics", invitation, f"text/calendar; method={method}")
    return message


@task()
def email_staff(*, notice_id: int) -> bool:
    """Email the member of staff the notice's invitation, once: the notice is stamped
    before the email goes (a second run finds the stamp and sends nothing), and unstamped
    if sending fails, so the next attempt sends it."""
    claimed = AppointmentNotice.objects.filter(
        pk=notice_id, staff_emailed_at__isnull=True).update(staff_emailed_at=timezone.now())
    if not claimed:
        return False
    notice = _notice(notice_id)
    appointment = notice.appointment
    if not appointment.staff.email or _kept_from_staff(appointment):
        return False
    # A notice overtaken by a later change (moved, cancelled, did not happen) is not news:
    # the later notice's email carries the meeting as it is.
    if notice.sequence != appointment.sequence or (
            notice.what != What.CANCELLED and not appointment.is_booked):
        return False
    try:
        staff_email(notice).send()
    except Exception:
        AppointmentNotice.objects.filter(pk=notice_id).update(staff_emailed_at=None)
        raise
    return True
