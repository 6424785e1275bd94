"""Staff's reason for passing a concern to a senior leader was kept on the step the family
reads: each becomes a note for staff after that step, and the step keeps no words (the
family member's own reason, when they passed it on, stays where it is)."""

from django.db import migrations


def reasons_to_notes(apps, schema_editor):
    ConcernEntry = apps.get_model("concerns", "ConcernEntry")
    steps = list(ConcernEntry.objects.filter(kind="escalated", from_family=False)
                 .exclude(text="").order_by("pk"))
    ConcernEntry.objects.bulk_create([
        ConcernEntry(concern_id=step.concern_id, kind="note", author_id=step.author_id,
                     text=step.text, language=step.language, created_at=step.created_at)
        for step in steps])
    ConcernEntry.objects.filter(pk__in=[step.pk for step in steps]).update(text="")


class Migration(migrations.Migration):

    dependencies = [
        ("concerns", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(reasons_to_notes, migrations.RunPython.noop),
    ]
