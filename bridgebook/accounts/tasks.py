from django.tasks import task

from bridgebook.accounts import actions
from bridgebook.people.models import Contact


@task()
def send_family_sign_in(*, contact_id: int, channel: str, address: str, purpose: str) -> None:
    """Make a fresh link and code and send them; the secrets exist only in the message."""
    contact = Contact.objects.select_related("school").filter(pk=contact_id).first()
    if contact is None:
        return
    actions.send_sign_in_message(contact=contact, channel=channel, address=address,
                                 purpose=purpose)
