"""Every target action through ``verify_action``: audited by whoever acts, the family told
of a target (set, changed, achieved) only after commit."""

import datetime

from bridgebook.core.models import AuditEvent
from bridgebook.core.tests.actions import verify_action
from bridgebook.diary.tests.factories import EntryFactory, make_photo
from bridgebook.messaging.models import Message
from bridgebook.targets import actions
from bridgebook.targets.models import (
    TARGET_NOTICE,
    Area,
    EngagementArea,
    Evidence,
    Plan,
    Strategy,
    Target,
)
from bridgebook.targets.tests.factories import START, outcome_for, plan_for, target_for
from bridgebook.translation.models import ReviewRequest

Action = AuditEvent.Action
DATA = {"text": "Amira will ask for the swing with her symbol card",
        "success_criteria": "Three times a week", "start_date": START,
        "review_date": START.replace(year=2027)}


def _told(contact) -> int:
    return Message.objects.filter(kind=TARGET_NOTICE, contact=contact).count()


def test_starting_changing_and_copying_a_plan(world):
    with verify_action(actor=world.senco, event_type=Action.CREATE):
        plan = actions.do_start_plan(acting_user=world.senco, pupil=world.pupil,
                                     title="2025 to 2026", starts_on=START)
    assert plan.is_current and plan.created_by == world.senco

    with verify_action(actor=world.senco, event_type=Action.UPDATE) as changed:
        actions.do_change_plan(acting_user=world.senco, plan=plan, title="Amira's plan",
                               starts_on=START, engagement_model=True)
    plan.refresh_from_db()
    assert plan.title == "Amira's plan" and plan.engagement_model
    assert set(changed.audit_events[0].changes) == {"title", "engagement_model"}

    with verify_action(actor=world.senco, event_type=Action.CREATE):
        outcome = actions.do_save_outcome(acting_user=world.senco, plan=plan,
                                          area=Area.COMMUNICATION, text="Will ask")
    with verify_action(actor=world.senco, event_type=Action.UPDATE):
        actions.do_save_outcome(acting_user=world.senco, plan=plan, area=Area.COMMUNICATION,
                                text="Will ask for what she wants", outcome=outcome)
    outcome.refresh_from_db()
    assert outcome.text == "Will ask for what she wants"

    target_for(world.pupil, outcome=outcome)
    with verify_action(actor=world.senco, event_type=Action.CREATE) as copied:
        new = actions.do_copy_plan(acting_user=world.senco, plan=plan, title="Next year",
                                   starts_on=datetime.date(2026, 9, 1))
    assert Plan.objects.get(pk=plan.pk).is_current is False and new.copied_from == plan
    assert Target.objects.filter(outcome__plan=new).count() == 1
    assert "carrying over 1 targets" in copied.audit_events[0].summary


def test_a_target_set_and_changed_is_told_to_the_family_after_commit(world):
    outcome = outcome_for(world.pupil)
    with verify_action(actor=world.class_teacher, event_type=Action.CREATE):
        target = actions.do_add_target(acting_user=world.class_teacher, outcome=outcome,
                                       data=DATA)
    assert target.text == DATA["text"]
    assert _told(world.parent_contact) == 1 and _told(world.restricted_contact) == 0

    with verify_action(actor=world.class_teacher, event_type=Action.UPDATE) as changed:
        actions.do_change_target(acting_user=world.class_teacher, target=target,
                                 data={"status": Target.Status.ACHIEVED})
    target.refresh_from_db()
    assert target.status == Target.Status.ACHIEVED and target.version == 2
    assert changed.audit_events[0].changes["status"][1] == Target.Status.ACHIEVED
    assert _told(world.parent_contact) == 2


def test_progress_engagement_notes_and_the_scale(world):
    target = target_for(world.pupil)
    with verify_action(actor=world.therapist, event_type=Action.CREATE):
        progress = actions.do_record_progress(acting_user=world.therapist, target=target,
                                              step=2, note="Asked twice",
                                              recorded_on=START)
    assert progress.recorded_by == world.therapist and target.progress.count() == 1

    plan_for(world.pupil, engagement_model=True)
    with verify_action(actor=world.class_teacher, event_type=Action.CREATE):
        note = actions.do_add_engagement_note(
            acting_user=world.class_teacher, pupil=world.pupil,
            area=EngagementArea.EXPLORATION, note="Explored the sand tray", noticed_on=START)
    assert note.written_by == world.class_teacher

    with verify_action(actor=world.principal) as scaled:
        scale = actions.do_set_scale(acting_user=world.principal, school=world.school,
                                     steps=["Not yet", "Sometimes", "Always"])
    assert scale.steps == ["Not yet", "Sometimes", "Always"]
    assert scaled.audit_events[0].summary == "Changed the progress scale"


def test_strategies_saved_changed_checked_and_removed(world):
    with verify_action(actor=world.senco, event_type=Action.CREATE):
        strategy = actions.do_save_strategy(acting_user=world.senco, pupil=world.pupil,
                                            text="Give her two choices")
    with verify_action(actor=world.class_teacher, event_type=Action.UPDATE):
        actions.do_save_strategy(acting_user=world.class_teacher, pupil=world.pupil,
                                 text="Give her two choices and wait", strategy=strategy)
    strategy.refresh_from_db()
    assert strategy.text == "Give her two choices and wait"

    with verify_action(actor=world.senco, event_type=Action.CREATE):
        assert actions.do_ask_strategy_check(acting_user=world.senco, strategy=strategy,
                                             languages=["ar"]) == 1
    assert ReviewRequest.objects.filter(ref=strategy.review_ref, language="ar").exists()

    with verify_action(actor=world.senco, event_type=Action.DELETE):
        actions.do_remove_strategy(acting_user=world.senco, strategy=strategy)
    assert Strategy.objects.get(pk=strategy.pk).removed_at is not None


def test_evidence_tagged_added_and_removed(world):
    target = target_for(world.pupil)
    entry = EntryFactory(pupil=world.pupil, author=world.class_teacher)
    with verify_action(actor=world.class_teacher, event_type=Action.UPDATE):
        tagged = actions.do_tag_entry(acting_user=world.class_teacher, entry=entry,
                                      target=target, tagged=True)
    assert list(tagged.targets.all()) == [target]

    photo = make_photo(school=world.school, date=START, pupils=[world.pupil])
    with verify_action(actor=world.class_teacher, event_type=Action.UPDATE):
        from_photo = actions.do_tag_photo(acting_user=world.class_teacher, photo=photo,
                                          target=target, tagged=True)
    assert from_photo.source == Evidence.Source.PHOTO

    with verify_action(actor=world.parent, event_type=Action.CREATE):
        words = actions.do_add_evidence(world.parent, world.pupil, targets=[target],
                                        note="She asked at the park", happened_on=START,
                                        source=Evidence.Source.HOME, from_family=True,
                                        household_id=world.parent_contact.household_id)
    assert words.from_family and words.household_id == world.parent_contact.household_id

    with verify_action(actor=world.class_teacher, event_type=Action.DELETE):
        actions.do_remove_evidence(acting_user=world.class_teacher, evidence=words)
    assert not Evidence.objects.filter(pk=words.pk).exists()
