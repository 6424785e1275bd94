"""Setting a member of staff's working hours at a school (messaging/quiet_hours.py holds the
hours' rules and reads)."""

from django.db import transaction

from bridgebook.core import audit
from bridgebook.core.models import AuditEvent, School
from bridgebook.messaging.models import StaffWorkingHours
from bridgebook.messaging.quiet_hours import Hours, plain_hours


@transaction.atomic(durable=True)
def do_set_working_hours(*, user, school: School, hours: Hours, acting_user=None) -> None:
    """Replace the user's working hours at the school with ``hours`` (weekday → times),
    audited with what changed; ``acting_user`` (the user themselves unless given) made the
    change. Nothing is written when the hours are already these."""
    acting_user = acting_user if acting_user is not None else user
    mine = StaffWorkingHours.objects.filter(user=user, school=school)
    old = {row.weekday: (row.starts_at, row.ends_at) for row in mine}
    if old == hours:
        return
    mine.delete()
    StaffWorkingHours.objects.bulk_create([
        StaffWorkingHours(user=user, school=school, weekday=day, starts_at=start, ends_at=end)
        for day, (start, end) in sorted(hours.items())
    ])
    audit.record(actor=acting_user,
                 action=AuditEvent.Action.UPDATE if old else AuditEvent.Action.CREATE,
                 obj=user, school=school,
                 summary=f"Set the working hours of {user.full_name} at {school.name}",
                 changes={"working_hours": [plain_hours(old) or None, plain_hours(hours)]})
