"""The demo trust's annual reviews: each school's local authorities with their SEN
officers, and for every pupil with an EHC plan the date the plan was issued and of the last
review, spread over the year, so the SENCO's calendar has reviews due in every month.
Amira Hassan (Willow class at Mapledown; her mother reads Arabic and needs an interpreter,
her father lives apart) is due next month, ready to book; one pupil at Oakleigh is overdue;
and Zofia Nowak's last review went through Bridgebook, on time at every step. Mapledown's
SENCO, Rachel Moore, runs Oakleigh's reviews too (a small primary often shares one), so
her calendar and compliance page cover both schools.

Like the other demo seeders this writes fixture data straight to the tables (nobody acting,
nothing to audit or announce). It is idempotent: a school with local authorities is left
alone.

The story's data (names, authorities, Zofia's review) is in story.py.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from bridgebook.core.models import Role, School, StaffRole
from bridgebook.people.models import Pupil
from bridgebook.reviews.demo.story import (
    AUTHORITIES,
    DUE_NEXT_MONTH,
    ON_TIME_LAST_YEAR,
    OVERDUE_AT_OAKLEIGH,
    SCHOOLS,
    SHARED_SENCO,
    SHARED_SENCO_TITLE,
    ZOFIA_DECISION_DAYS_AFTER,
    ZOFIA_DUE_AFTER_DAYS,
    ZOFIA_FINAL_PLAN_DAYS_AFTER,
    ZOFIA_HELD_MONTHS_AGO,
    ZOFIA_INTERPRETER,
    ZOFIA_INVITED_DAYS_BEFORE,
    ZOFIA_MEETS_AT,
    ZOFIA_PACK_DAYS_BEFORE,
    ZOFIA_PLACE,
    ZOFIA_REPORT,
    ZOFIA_REPORT_DAYS_AFTER,
)
from bridgebook.reviews.models import EhcpRecord, Invitee, LocalAuthority, Review
from bridgebook.reviews.schedule import add_months
from bridgebook.targets.models import Plan


@transaction.atomic
def seed_demo_reviews(**_options) -> dict[str, int]:
    today = timezone.localdate()
    made = {"local authorities": 0, "plan records": 0, "reviews": 0}
    for school in School.objects.filter(name__in=SCHOOLS).order_by("name"):
        if LocalAuthority.objects.filter(school=school).exists():
            continue
        authorities = LocalAuthority.objects.bulk_create(
            LocalAuthority(school=school, name=name, code=code, contact_name=officer,
                           contact_email=email) for name, code, officer, email in AUTHORITIES)
        made["local authorities"] += len(authorities)
        pupils = list(Pupil.objects.filter(school=school, has_ehcp=True).order_by("pk"))
        overdue = school.name == OVERDUE_AT_OAKLEIGH
        records = []
        for position, pupil in enumerate(pupils):
            # Last reviews spread from 1 to 10 months ago: due from 2 to 11 months ahead.
            last = add_months(today, -(1 + position % 10))
            if (pupil.legal_first_name, pupil.legal_last_name) == DUE_NEXT_MONTH:
                last = add_months(today.replace(day=15), -11)
            elif overdue:
                # The first pupil at Oakleigh was last reviewed 13 months ago.
                last, overdue = add_months(today, -13), False
            records.append(EhcpRecord(
                pupil=pupil, local_authority=authorities[position % len(authorities)],
                plan_issued_on=add_months(last, -12 * (1 + position % 3)),
                last_review_on=last))
        EhcpRecord.objects.bulk_create(records)
        made["plan records"] += len(records)
        made["reviews"] += _zofias_review(school, today)
    senco = StaffRole.objects.filter(role=Role.SENCO, user__full_name=SHARED_SENCO).first()
    oakleigh = School.objects.filter(name=OVERDUE_AT_OAKLEIGH).first()
    if senco is not None and oakleigh is not None:
        StaffRole.objects.get_or_create(user_id=senco.user_id, school=oakleigh,
                                        role=Role.SENCO,
                                        defaults={"job_title": SHARED_SENCO_TITLE})
    return made


def _zofias_review(school, today: datetime.date) -> int:
    """Zofia's last review, held three months ago through Bridgebook: papers out 16 days
    before, the report 10 days after, the decision to amend in 3 weeks, the final plan
    later."""
    pupil = Pupil.objects.filter(school=school, legal_first_name=ON_TIME_LAST_YEAR[0],
                                 legal_last_name=ON_TIME_LAST_YEAR[1]).first()
    if pupil is None:
        return 0
    held = add_months(today, -ZOFIA_HELD_MONTHS_AGO)
    record = EhcpRecord.objects.get(pupil=pupil)
    record.last_review_on = add_months(held, -12)
    record.save(update_fields=["last_review_on"])
    meeting = timezone.make_aware(datetime.datetime.combine(held, ZOFIA_MEETS_AT),
                                  school.tz)
    at = lambda days: meeting + datetime.timedelta(days=days)  # noqa: E731
    review = Review.objects.create(
        pupil=pupil, stage=Review.Stage.FINISHED,
        due_on=held + datetime.timedelta(days=ZOFIA_DUE_AFTER_DAYS),
        meets_at=meeting, place=ZOFIA_PLACE, interpreter_language=ZOFIA_INTERPRETER[0],
        interpreter_name=ZOFIA_INTERPRETER[1],
        invitations_sent_at=at(-ZOFIA_INVITED_DAYS_BEFORE),
        pack_circulated_at=at(-ZOFIA_PACK_DAYS_BEFORE), held_on=held,
        report_sent_at=at(ZOFIA_REPORT_DAYS_AFTER),
        recommendation=Review.Decision.AMEND, decision=Review.Decision.AMEND,
        decision_on=held + datetime.timedelta(days=ZOFIA_DECISION_DAYS_AFTER),
        amendment_proposed_on=held + datetime.timedelta(days=ZOFIA_DECISION_DAYS_AFTER),
        final_plan_on=held + datetime.timedelta(days=ZOFIA_FINAL_PLAN_DAYS_AFTER),
        report=ZOFIA_REPORT,
        new_plan=Plan.objects.filter(pupil=pupil, is_current=True).first())
    head = StaffRole.objects.filter(school=school, role=Role.PRINCIPAL).select_related(
        "user").first()
    invitees = [Invitee(review=review, kind=Invitee.Kind.FAMILY, contact=link.contact,
                        household_id=link.contact.household_id, name=link.contact.full_name,
                        attendance=Invitee.Attendance.ATTENDED)
                for link in pupil.contact_links.select_related("contact")
                .filter(parental_responsibility=True, is_restricted=False)]
    if head is not None:
        invitees.append(Invitee(review=review, kind=Invitee.Kind.HEAD,
                                name=head.user.full_name, user=head.user,
                                attendance=Invitee.Attendance.ATTENDED))
    Invitee.objects.bulk_create(invitees)
    return 1
