from django.dispatch import Signal

# Sent with ref (str), language (str) and review_id (int) after an approval has committed.
review_approved = Signal()
