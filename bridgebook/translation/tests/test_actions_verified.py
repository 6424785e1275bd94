"""The glossary's changes run through ``verify_action``: each audited by the person who made
it, nothing sent."""

from bridgebook.core.models import AuditEvent, Role
from bridgebook.core.tests.actions import verify_action
from bridgebook.core.tests.factories import staff
from bridgebook.translation import actions
from bridgebook.translation.models import GlossaryTerm

Action = AuditEvent.Action


def test_adding_and_changing_a_schools_term(world):
    eal = staff(world.school, Role.EAL_TEACHER, full_name="Eda Eal", email="eda@mapledown.example")
    with verify_action(actor=eal, event_type=Action.CREATE) as result:
        term = actions.do_add_glossary_term(school=world.school, acting_user=eal,
                                            term=" Sensory room ", explanation="A calm room")
    assert result.audit_events[-1].summary == "Added the glossary term Sensory room"
    assert (term.school, term.trust) == (world.school, None)

    with verify_action(actor=eal, event_type=Action.UPDATE) as result:
        actions.do_change_glossary_term(glossary_term=term, school=world.school, acting_user=eal,
                                        term="Sensory room", explanation="A quiet, calm room")
    assert result.audit_events[-1].changes == {
        "explanation": ["A calm room", "A quiet, calm room"]}
    assert GlossaryTerm.objects.get(pk=term.pk).explanation == "A quiet, calm room"


def test_agreeing_a_translation_of_a_standard_term_copies_it_for_the_school(world):
    standard = GlossaryTerm.objects.create(term="Annual review", explanation="A yearly meeting")
    with verify_action(actor=world.principal, event_type=Action.UPDATE) as result:
        copy = actions.do_set_glossary_translation(
            glossary_term=standard, school=world.school, acting_user=world.principal,
            language="ar", text="المراجعة السنوية")
    # The school's own copy is created, then its translation agreed: two rows.
    assert [event.action for event in result.audit_events] == [Action.CREATE, Action.UPDATE]
    assert result.audit_events[-1].changes == {"translation_ar": ["", "المراجعة السنوية"]}
    assert copy.school == world.school and copy.pk != standard.pk
    standard.refresh_from_db()
    assert standard.translations == {}
