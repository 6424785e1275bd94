"""The school's list of activities that entries and the class page offer."""

from __future__ import annotations

from django.db import transaction

from bridgebook.core import audit
from bridgebook.core.models import AuditEvent, School
from bridgebook.diary.models import Activity


@transaction.atomic(durable=True)
def do_add_activity(*, school: School, name: str, acting_user) -> Activity:
    activity = Activity.objects.create(school=school, name=name)
    audit.record(actor=acting_user, action=AuditEvent.Action.CREATE, obj=activity,
                 school=school, summary=f"Added the activity {name}")
    return activity


@transaction.atomic(durable=True)
def do_change_activity(*, activity: Activity, acting_user, name: str | None = None,
                       is_active: bool | None = None) -> dict:
    """Rename an activity or retire it (or bring it back); returns the changes."""
    data = {"name": activity.name if name is None else name,
            "is_active": activity.is_active if is_active is None else is_active}
    changes = audit.changed_fields(activity, data, ["name", "is_active"])
    if not changes:
        return changes
    for key in changes:
        setattr(activity, key, data[key])
    activity.save(update_fields=list(changes))
    audit.record(actor=acting_user, action=AuditEvent.Action.UPDATE, obj=activity,
                 school=activity.school, summary=f"Changed the activity {activity.name}",
                 changes=changes)
    return changes
