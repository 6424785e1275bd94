from django.db import migrations


def add_standard_terms(apps, schema_editor):
    from bridgebook.translation.standard_terms import STANDARD_TERMS

    GlossaryTerm = apps.get_model("translation", "GlossaryTerm")
    for term, explanation in STANDARD_TERMS:
        GlossaryTerm.objects.get_or_create(school=None, trust=None, term=term,
                                           defaults={"explanation": explanation})


def remove_standard_terms(apps, schema_editor):
    GlossaryTerm = apps.get_model("translation", "GlossaryTerm")
    GlossaryTerm.objects.filter(school=None, trust=None).delete()


class Migration(migrations.Migration):
    dependencies = [("translation", "0001_initial")]
    operations = [migrations.RunPython(add_standard_terms, remove_standard_terms)]
