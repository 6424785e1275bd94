"""The termly reminder: as a term's end nears (the school's ``remind_weeks_before``, three
weeks by default), each class teacher gets one email naming their class's families not yet
reached this term, with a link to the class's termly contact page. ``manage.py
remind_termly_contact`` runs it daily; a ``TermReminder`` row is written in the same
transaction as the email is sent, so it stays only when sending succeeded (a failure is
logged, the run goes on to the other teachers and schools, and the next run tries that
teacher again) and a teacher is reminded once a term per class however often it runs (the
row's unique constraint keeps a second run at the same time out). Nothing is sent about a
pupil a court order keeps from the teacher."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse

from bridgebook.contact.models import TermReminder
from bridgebook.contact.selectors import class_coverage, current_term, settings_for
from bridgebook.core.models import School
from bridgebook.people.models import ClassStaff

logger = logging.getLogger(__name__)


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
        try:
            term = current_term(school, today)
            rules = settings_for(school)
            if term.term is None or not term.ends_within(rules.remind_weeks_before):
                continue
            teachers = list(ClassStaff.objects.filter(school_class__school=school,
                                                      is_class_teacher=True)
                            .select_related("school_class", "school_class__school", "user")
                            .order_by("school_class_id", "user_id"))
        except Exception:
            logger.exception("Termly contact reminders for school %s failed", school.pk)
            continue
        for member in teachers:
            try:
                sent += _remind(term, member)
            except Exception:
                logger.exception("The termly contact reminder to user %s for class %s "
                                 "failed; the next run tries again", member.user_id,
                                 member.school_class_id)
    return sent


def _remind(term, member) -> int:
    """Remind one class teacher of one class (1), or nobody (0): not needed, or reminded
    already this term."""
    user = member.user
    if not user.email or not user.is_active:
        return 0
    already = TermReminder.objects.filter(term=term.term, school_class=member.school_class,
                                          user=user)
    if already.exists():
        return 0
    # Never a pupil a court order keeps from the teacher.
    coverage = class_coverage(member.school_class, viewer=user)
    families = coverage.not_reached
    if not families:
        return 0
    try:
        with transaction.atomic():
            TermReminder.objects.create(term=term.term, school_class=member.school_class,
                                        user=user, families=len(families))
            _email(coverage, user, families).send()
    except IntegrityError:
        return 0                  # another run reminded them just now
    return 1
