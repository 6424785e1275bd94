"""Files waiting between upload, column mapping, preview and import.

The file sits in the default storage under ``imports/`` and the person who uploaded it holds
a token to it in their session, so nobody else can reach it. It is deleted once imported,
replaced by another upload, or pruned after a day (``manage.py prune_import_uploads``).
"""

import datetime
import secrets
from dataclasses import asdict, dataclass, field

from django.core.files.storage import default_storage
from django.utils import timezone

SESSION_KEY = "bridgebook_pending_imports"
MAX_BYTES = 25 * 1024 * 1024
KEEP_FOR = datetime.timedelta(days=1)


@dataclass
class PendingUpload:
    token: str
    school_id: int
    kind: str                      # "pupils", "contacts", "combined" or "ctf"
    filename: str
    path: str
    mapping: dict = field(default_factory=dict)
    mapped: bool = False

    def read(self) -> bytes:
        with default_storage.open(self.path, "rb") as handle:
            return handle.read()

    def open(self):
        return default_storage.open(self.path, "rb")


def store(request, *, school, kind: str, upload) -> PendingUpload:
    """Keep an uploaded file for this person; any earlier pending file is removed."""
    for earlier in list(_all(request).values()):
        discard(request, PendingUpload(**earlier))
    token = secrets.token_urlsafe(16)
    path = default_storage.save(f"imports/{school.pk}/{token}.upload", upload)
    pending = PendingUpload(token=token, school_id=school.pk, kind=kind,
                            filename=upload.name[:200], path=path)
    save(request, pending)
    return pending


def load(request, token: str) -> PendingUpload | None:
    data = _all(request).get(token)
    if data is None:
        return None
    pending = PendingUpload(**data)
    if not default_storage.exists(pending.path):
        return None
    return pending


def save(request, pending: PendingUpload) -> None:
    uploads = _all(request)
    uploads[pending.token] = asdict(pending)
    request.session[SESSION_KEY] = uploads


def discard(request, pending: PendingUpload) -> None:
    if default_storage.exists(pending.path):
        default_storage.delete(pending.path)
    uploads = _all(request)
    uploads.pop(pending.token, None)
    request.session[SESSION_KEY] = uploads


def _all(request) -> dict:
    return dict(request.session.get(SESSION_KEY, {}))


def prune(now: datetime.datetime | None = None) -> int:
    """Delete pending files older than a day; returns how many went."""
    now = now or timezone.now()
    removed = 0
    if not default_storage.exists("imports"):
        return 0
    school_dirs, _files = default_storage.listdir("imports")
    for school_dir in school_dirs:
        _dirs, files = default_storage.listdir(f"imports/{school_dir}")
        for name in files:
            path = f"imports/{school_dir}/{name}"
            if now - default_storage.get_modified_time(path) > KEEP_FOR:
                default_storage.delete(path)
                removed += 1
    return removed
