"""The termly reminder: as a term's end nears (the school's ``remind_weeks_before``, three
weeks by default), each class teacher gets one email naming their class's families not yet
reached this term, with a link to the class's termly contact page. ``manage.py
remind_termly_contact`` runs it daily; a ``TermReminder`` row is written before the email
goes (and taken away again if sending fails, so the next run tries again), so a teacher is
reminded once a term per class however often it runs. Nothing is sent about a pupil a court
order keeps from the teacher."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse

from bridgebook.contact.models import TermReminder
from bridgebook.contact.selectors import class_coverage, current_term, settings_for
from bridgebook.core.access import viewer_for
from bridgebook.core.models import School
from bridgebook.people.models import ClassStaff


def _email(coverage, user, families) -> EmailMessage:
    school_class = coverage.school_class
    term = coverage.term.term
    lines = [f"Dear {user.full_name},", "",
             f"{term.name} ends on {term.ends_on:%-d %B %Y}. These families in "
             f"{school_class.name} have not been reached this term:", ""]
    for family in families:
        names = ", ".join(contact.full_name for contact in family.contacts)
        lines.append(f"- {family.pupil.display_name}: {names}")
    lines += ["", "A phone call, a meeting in school or a video call all count; a message "
              "does not. Log it here:",
              settings.BRIDGEBOOK_BASE_URL + reverse("contact:class", args=[school_class.pk])]
    return EmailMessage(subject=f"Termly contact: {len(families)} families in "
                                f"{school_class.name} not reached yet",
                        body="\n".join(lines), to=[user.email])


def send_term_reminders(today=None) -> int:
    """Remind each class teacher whose term ends soon; returns how many emails went."""
    sent = 0
    for school in School.objects.order_by("pk"):
        term = current_term(school, today)
        rules = settings_for(school)
        if term.term is None or not term.ends_within(rules.remind_weeks_before):
            continue
        teachers = (ClassStaff.objects.filter(school_class__school=school, is_class_teacher=True)
                    .select_related("school_class", "school_class__school", "user")
                    .order_by("school_class_id", "user_id"))
        for member in teachers:
            user = member.user
            if not user.email or not user.is_active:
                continue
            coverage = class_coverage(member.school_class)
            kept = viewer_for(user).restricted_pupil_ids
            families = [family for family in coverage.not_reached
                        if family.pupil.pk not in kept]
            if not families:
                continue
            try:
                with transaction.atomic():
                    row = TermReminder.objects.create(term=term.term,
                                                      school_class=member.school_class,
                                                      user=user, families=len(families))
            except IntegrityError:
                continue              # reminded this term already
            try:
                _email(coverage, user, families).send()
            except Exception:
                row.delete()
                raise
            sent += 1
    return sent
