"""Background sends of sign-in messages. Tasks take ids, never model instances."""

from django.tasks import task

from bridgebook.accounts import tokens
from bridgebook.people.models import Contact, is_entitled_to_anyone


@task()
def send_family_sign_in(*, contact_id: int, channel: str, address: str, purpose: str) -> None:
    """Make a fresh link and code and send them; the secrets exist only in the message.
    Checked again as it goes: a contact restricted since it was asked for gets nothing."""
    contact = Contact.objects.select_related("school").filter(pk=contact_id).first()
    if contact is None or not is_entitled_to_anyone(contact_id):
        return
    tokens.send_sign_in_message(contact=contact, channel=channel, address=address,
                                purpose=purpose)
