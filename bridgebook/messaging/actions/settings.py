"""Writes about a school's messaging rules (conversations and working hours keep their
own actions in ``conversations.py`` and ``quiet_hours.py``)."""

from django.db import transaction
from django.utils import timezone

from bridgebook.core import audit
from bridgebook.core.models import AuditEvent, School
from bridgebook.messaging.models import SchoolMessagingSettings, SchoolWorkingHours
from bridgebook.messaging.quiet_hours import Hours, plain_hours


@transaction.atomic(durable=True)
def do_set_school_messaging_settings(*, school: School, acting_user,
                                     fallback_sms_after_hours: int, hours: Hours,
                                     household_conversations: bool | None = None,
                                     ) -> SchoolMessagingSettings:
    """Set the school's own messaging rules, replacing the deployment's defaults: texts
    for messages unread in the app after ``fallback_sms_after_hours`` (0: no texts),
    ``hours`` (weekday → (start, end)) for staff who have not set their own, and whether
    parents who live together share their conversations (None: unchanged). Written on the
    first save; audited with what changed."""
    settings_, created = (SchoolMessagingSettings.objects.select_for_update()
                          .get_or_create(school=school))
    old_hours = {row.weekday: (row.starts_at, row.ends_at)
                 for row in SchoolWorkingHours.objects.filter(school=school)}
    changes = {}
    if settings_.fallback_sms_after_hours != fallback_sms_after_hours:
        changes["fallback_sms_after_hours"] = [settings_.fallback_sms_after_hours,
                                               fallback_sms_after_hours]
    if household_conversations is None:
        household_conversations = settings_.household_conversations
    if settings_.household_conversations != household_conversations:
        changes["household_conversations"] = [settings_.household_conversations,
                                              household_conversations]
    if old_hours != hours:
        changes["working_hours"] = [plain_hours(old_hours) or None, plain_hours(hours)]
        SchoolWorkingHours.objects.filter(school=school).delete()
        SchoolWorkingHours.objects.bulk_create([
            SchoolWorkingHours(school=school, weekday=day, starts_at=start, ends_at=end)
            for day, (start, end) in sorted(hours.items())])
    if not (created or changes):
        return settings_
    settings_.fallback_sms_after_hours = fallback_sms_after_hours
    settings_.household_conversations = household_conversations
    settings_.updated_at = timezone.now()
    settings_.updated_by = acting_user
    settings_.save(update_fields=["fallback_sms_after_hours", "household_conversations",
                                  "updated_at", "updated_by"])
    audit.record(actor=acting_user,
                 action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
                 obj=settings_, school=school,
                 summary=f"Changed the messaging settings of {school.name}", changes=changes)
    return settings_
