from django.db import migrations


def add_standard_terms(apps, schema_editor):
    from bridgebook.translation.standard_terms import ensure_standard_terms

    ensure_standard_terms(apps.get_model("translation", "GlossaryTerm"))


def remove_standard_terms(apps, schema_editor):
    GlossaryTerm = apps.get_model("translation", "GlossaryTerm")
    GlossaryTerm.objects.filter(school=None, trust=None).delete()


class Migration(migrations.Migration):
    dependencies = [("translation", "0001_initial")]
    operations = [migrations.RunPython(add_standard_terms, remove_standard_terms)]
