"""Who may read, and be sent, a message that has been written.

A message names the children it is about (``Message.pupils``). Whether its contact may
read it is decided when it is read, and again just before each copy is sent, against who
is entitled now (``PupilContact.objects.entitled()``), not only when it was written: a
court order recorded after a message went out hides it from the inbox, its attachments and
every count, and any copy still waiting (an email held until morning, a retry, a letter)
is withdrawn rather than sent.

A message about no child (there are none today) is readable by its contact.
"""

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from bridgebook.core.access import contact_id_list
from bridgebook.messaging.models import Delivery, Message
from bridgebook.people.models import PupilContact

WAITING = (Delivery.Status.QUEUED, Delivery.Status.TEMPORARY_FAILURE)


def withheld() -> Exists:
    """True for a message (the outer query's row) about a child its contact is no longer
    entitled to: for annotating or filtering Message querysets."""
    entitled = PupilContact.objects.entitled().filter(
        pupil_id=OuterRef("pupil_id"), contact_id=OuterRef(OuterRef("contact_id")))
    return Exists(Message.pupils.through.objects.filter(message_id=OuterRef("pk"))
                  .filter(~Exists(entitled)))


def readable_messages(contacts) -> QuerySet[Message]:
    """The messages these contacts (one person's, one per school) may read now: theirs,
    not sign-in messages, and about no child they have stopped being entitled to."""
    return (Message.objects.filter(contact_id__in=contact_id_list(contacts))
            .exclude(kind=Message.Kind.SIGN_IN)
            .filter(~withheld()))


def may_receive(message_id: int) -> bool:
    """Whether a message's contact may still be sent it: one query."""
    return Message.objects.filter(pk=message_id).filter(~withheld()).exists()


def withdraw_unentitled(*, contact_ids) -> int:
    """Withdraw every copy not yet sent of these contacts' messages about a child they are
    no longer entitled to (emails and texts waiting or to be retried, letters not yet
    printed); returns how many. Called in the transaction that records the change, so the
    withdrawal stands or falls with it; the send itself checks again (``may_receive``)."""
    messages = (Message.objects.filter(contact_id__in=list(contact_ids))
                .filter(withheld()).values("pk"))
    now = timezone.now()
    with transaction.atomic():
        return Delivery.objects.filter(message__in=messages, status__in=WAITING).exclude(
            channel=Delivery.Channel.APP).update(
            status=Delivery.Status.WITHDRAWN, next_attempt_at=None, updated_at=now,
            last_error="Withdrawn: the contact is no longer entitled to it")
