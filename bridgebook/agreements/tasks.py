"""Background work for the agreement: telling families. Tasks take ids, never model
instances; each may run again and sends nothing twice (messages are kept once per source
and contact)."""

from django.tasks import task

from bridgebook.agreements import notifications


@task()
def tell_families(*, version_id: int) -> int:
    return len(notifications.tell_families(version_id))


@task()
def tell_pack_sent(*, delivery_ids: list[int]) -> int:
    return len(notifications.tell_pack_sent(delivery_ids))
