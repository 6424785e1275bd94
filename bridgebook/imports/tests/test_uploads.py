import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from bridgebook.imports import uploads


def test_old_pending_uploads_are_pruned(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    old = default_storage.save("imports/1/old.upload", ContentFile(b"x"))
    new = default_storage.save("imports/1/new.upload", ContentFile(b"y"))
    later = timezone.now() + datetime.timedelta(hours=1)
    assert uploads.prune(now=later) == 0
    assert uploads.prune(now=timezone.now() + datetime.timedelta(days=2)) == 2
    assert not default_storage.exists(old) and not default_storage.exists(new)


def test_prune_command_with_nothing_to_do(settings, tmp_path, capsys):
    settings.MEDIA_ROOT = tmp_path
    call_command("prune_import_uploads")
    assert "Removed 0" in capsys.readouterr().out
