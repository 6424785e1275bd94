"""What people tells other apps when it changes something they depend on."""

from django.dispatch import Signal

# Sent inside the transaction that changed how contacts relate to pupils (a court order
# recorded, parental responsibility ended, a link updated by an import), with
# ``contact_ids``: whatever was promised to them before is checked again at once (messaging
# withdraws copies not yet sent), in the same transaction.
entitlement_changed = Signal()
