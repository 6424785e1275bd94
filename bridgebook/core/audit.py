"""Writing the audit log: every view or change of a pupil or contact record."""

from bridgebook.core.models import AuditEvent
from bridgebook.core.registry import site


def record(*, actor, action: str, obj, summary: str, school=None, pupil=None,
           changes: dict | None = None) -> AuditEvent:
    """Add one audit row. ``obj`` is the record concerned (its type and id are kept); its
    type must be one an app declared (``AuditType`` in its plugin.py), so the audit log can
    be filtered by it and an app cannot write rows nobody can find."""
    object_type = obj._meta.model_name
    if object_type not in site.audit_types:
        raise LookupError(f"audit events about {object_type!r} are not declared: register "
                          "an AuditType for it in its app's plugin.py")
    if school is None:
        school = getattr(obj, "school", None)
    if pupil is None and obj.__class__.__name__ == "Pupil":
        pupil = obj
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        school=school,
        action=action,
        object_type=object_type,
        object_id=str(obj.pk),
        pupil=pupil,
        summary=summary[:300],
        changes=changes or {},
    )


def changed_fields(instance, cleaned: dict, fields: list[str]) -> dict:
    """The fields whose values differ, as {field: [before, after]} for the audit log."""
    changes = {}
    for name in fields:
        before = getattr(instance, name)
        after = cleaned.get(name, before)
        if before != after:
            changes[name] = [_plain(before), _plain(after)]
    return changes


def apply_changes(instance, cleaned: dict, fields: list[str]) -> dict:
    """Set and save the fields of ``instance`` whose values differ in ``cleaned``; the
    changes as ``changed_fields`` gives them (nothing is saved when there are none)."""
    changes = changed_fields(instance, cleaned, fields)
    if changes:
        for name in changes:
            setattr(instance, name, cleaned[name])
        instance.save(update_fields=list(changes))
    return changes


def _plain(value):
    if value is None or isinstance(value, (bool, int, float, str, list)):
        return value
    return str(value)
