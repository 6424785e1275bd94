"""The demo trust's conversations between staff and families.

Amira's father, Omar, who lives apart from her mother and reads Arabic, asks in Arabic
about collecting her on Friday; her class teacher answers in English. Omar reads the
answer in Arabic (machine translated, the English one tap away), Hannah Price reads his
question in English, and Layla, in the other household, sees none of it.

Written through the conversation actions (so the copies, deliveries and translations are
the real ones), each once: a second run finds them and adds nothing.
"""

from __future__ import annotations

from bridgebook.core.models import School, User
from bridgebook.messaging import actions
from bridgebook.messaging.demo.story import CONVERSATIONS
from bridgebook.messaging.models import Conversation
from bridgebook.people import demo as people_demo
from bridgebook.people.models import ClassStaff, Contact, Pupil


def _account(contact: Contact) -> User:
    """The contact's sign-in account, as family sign-in makes it on first use."""
    if contact.user_id:
        return contact.user
    user = User.objects.filter(email__iexact=contact.email, contacts__isnull=True).first()
    if user is None:
        user = User.objects.create_user(email=contact.email, full_name=contact.full_name)
    Contact.objects.filter(pk=contact.pk, user__isnull=True).update(user=user)
    return user


def seed_demo_conversations() -> dict[str, int]:
    created = {"conversations": 0}
    school = School.objects.filter(urn=people_demo.MAPLEDOWN.urn).first()
    if school is None:
        return created
    for pupil_name, writer_name, subject, words, answer in CONVERSATIONS:
        pupil = Pupil.objects.filter(school=school, legal_first_name=pupil_name[0],
                                     legal_last_name=pupil_name[1]).first()
        writer = Contact.objects.filter(school=school, first_name=writer_name[0],
                                        last_name=writer_name[1]).first()
        if pupil is None or writer is None:
            continue
        if Conversation.objects.filter(pupil=pupil, subject=subject).exists():
            continue
        teacher = (ClassStaff.objects.filter(school_class_id=pupil.school_class_id,
                                             is_class_teacher=True)
                   .select_related("user").first())
        started = actions.do_start_conversation(
            pupil=pupil, author=_account(writer), subject=subject, body=words)
        if teacher is not None:
            actions.do_reply(conversation=started.conversation, author=teacher.user,
                                   body=answer)
        created["conversations"] += 1
    return created
