"""Background sends. Tasks take ids, never model instances; the pipeline lives in delivery.py."""

from django.tasks import task

from bridgebook.messaging import delivery


@task()
def send_delivery(*, delivery_id: int) -> str:
    """Send one delivery once. Running it again, or twice at the same time, sends nothing
    more: the row is claimed with a conditional UPDATE first."""
    return delivery.send_delivery(delivery_id)


@task()
def enqueue_deliveries(*, delivery_ids: list[int]) -> int:
    """Fan out one announcement's sends, so accepting it costs one enqueue per 500 rows."""
    delivery.enqueue_each(delivery_ids)
    return len(delivery_ids)
