"""The demo trust's targets: Zofia Nowak (Rowan class at Mapledown, whose parents read
Polish) has this year's plan with two EHCP outcomes and three KPLTs under them, progress
recorded since September, what works for her at home and at school, and one of her book
entries already tagged as evidence, so her teacher can tag more from the class's day and
her mother can add what she sees at home.

It goes through the actions, as the teacher and the therapist would have written it, so
the audit log has each step and Agnieszka and Piotr each have a message, in Polish, for
every target set. Idempotent: a pupil with a plan is left alone (``core.demo.seed`` runs
every seeder in one transaction, so a plan is never left half made).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from bridgebook.core.models import User
from bridgebook.diary.models import Entry
from bridgebook.people.models import Pupil
from bridgebook.targets import actions
from bridgebook.targets.models import Area, Plan

PUPIL = ("Zofia", "Nowak")
TEACHER = "Marcus Reid"
THERAPIST = "Imogen Hale"

# (area, outcome, [(target, how we will know, owner, [(weeks ago, step)])])
OUTCOMES = [
    (Area.COMMUNICATION,
     "By the end of Key Stage 3, Zofia will tell familiar adults what she wants, needs and "
     "feels, using signs, symbols and spoken words together.",
     [("Zofia will ask for something she wants with a symbol card or a sign, without a "
       "prompt.",
       "She asks for a snack, a toy or an activity on her own, three times a day, at school "
       "and at home.", THERAPIST, [(12, 0), (8, 1), (4, 2), (1, 2)]),
      ("Zofia will say or sign 'finished' when she wants to stop an activity.",
       "She signs or says 'finished' instead of leaving, in four out of five activities.",
       TEACHER, [(10, 1), (5, 2), (1, 3)])]),
    (Area.SEMH,
     "Zofia will manage changes in her day with support, and take part in group activities "
     "with other pupils.",
     [("Zofia will move from one activity to the next when shown her 'now and next' board.",
       "She moves with one reminder, most times in a week, in class and in the hall.",
       TEACHER, [(11, 1), (6, 1), (2, 2)])]),
]

STRATEGIES = [
    "Give Zofia two choices at a time (show her the objects or symbols), and wait: she needs "
    "about ten seconds to answer.",
    "Use her 'now and next' board before every change, and say the change in the same short "
    "words each time.",
    "Sign and say 'finished' together, and put the thing away in a 'finished' box.",
    "When she is upset, fewer words: a quiet space, her ear defenders, and time.",
]


def _monday(today: datetime.date) -> datetime.date:
    start = datetime.date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    return start + datetime.timedelta(days=(7 - start.weekday()) % 7)


def seed_demo_targets(**_options) -> dict[str, int]:
    pupil = (Pupil.objects.select_related("school")
             .filter(legal_first_name=PUPIL[0], legal_last_name=PUPIL[1]).first())
    if pupil is None or Plan.objects.filter(pupil=pupil).exists():
        return {"plans": 0}
    today = timezone.localdate()
    starts = _monday(today)
    staff = {user.full_name: user for user in User.objects.filter(
        full_name__in=[TEACHER, THERAPIST], staff_roles__school=pupil.school)}
    teacher = staff.get(TEACHER)
    plan = actions.do_start_plan(acting_user=teacher, pupil=pupil,
                                 title=f"{starts.year} to {starts.year + 1}", starts_on=starts)
    targets = []
    for area, text, kplts in OUTCOMES:
        outcome = actions.do_save_outcome(acting_user=teacher, plan=plan, area=area, text=text)
        for words, criteria, owner, progress in kplts:
            # The family is told of each, in their language.
            target = actions.do_add_target(acting_user=teacher, outcome=outcome, data={
                "text": words, "success_criteria": criteria, "start_date": starts,
                "review_date": actions.a_year_on(starts), "owner": staff.get(owner)})
            targets.append(target)
            for weeks, step in progress:
                actions.do_record_progress(
                    acting_user=staff.get(owner), target=target, step=step, note="",
                    recorded_on=max(starts, today - datetime.timedelta(weeks=weeks)))
    for text in STRATEGIES:
        actions.do_save_strategy(acting_user=staff.get(THERAPIST), pupil=pupil, text=text)
    # The book's entry about signing 'more' and 'please' at snack is evidence already.
    entry = (Entry.objects.filter(pupil=pupil, origin=Entry.Origin.SCHOOL,
                                  status=Entry.Status.PUBLISHED,
                                  note__icontains="please").order_by("date").first())
    evidence = 0
    if entry is not None:
        actions.do_tag_entry(acting_user=teacher, entry=entry, target=targets[0], tagged=True)
        evidence = 1
    return {"plans": 1, "targets": len(targets), "strategies": len(STRATEGIES),
            "evidence": evidence}
