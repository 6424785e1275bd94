"""What messaging does when other apps report something."""

from bridgebook.messaging import access


def on_entitlement_changed(sender, *, contact_ids, **kwargs) -> int:
    """``people.signals.entitlement_changed``: withdraw the copies not yet sent of these
    contacts' messages about children they are no longer entitled to."""
    return access.withdraw_unentitled(contact_ids=contact_ids)
