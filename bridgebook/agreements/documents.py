"""Documents for the admissions pack: checked before anything is stored.

A document is a PDF, a Word document (.docx), or a JPEG or PNG picture (a scanned letter, a
map), smaller than 10 MB. Its type is told by its first bytes, whatever its name or the type
the browser claims (a Word document is a zip that holds ``word/document.xml``); it is then
stored under a random name and served only through a view that checks who asks
(``views.pack_file``), with its type and as a download where a browser would not show it.

Everything here checks; nothing is written (``actions.do_add_pack_document`` stores it).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
MAX_MEGABYTES = MAX_BYTES // (1024 * 1024)

# extension → (content type, shown in the browser rather than downloaded)
TYPES = {
    ".pdf": ("application/pdf", True),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              False),
    ".jpg": ("image/jpeg", True),
    ".png": ("image/png", True),
}
ACCEPT = ".pdf,.docx,.jpg,.jpeg,.png"


class DocumentError(ValueError):
    """A file that cannot go in the pack; the message says why and what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Checked:
    content: ContentFile
    extension: str

    @property
    def content_type(self) -> str:
        return TYPES[self.extension][0]


def _kind(data: bytes) -> str | None:
    """The extension the bytes say the file is, or None."""
    if data.startswith(b"%PDF-"):
        return ".pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return ".docx"
        except zipfile.BadZipFile:
            return None
    return None


def check(upload) -> Checked:
    """The upload as a document to keep, or DocumentError saying why not."""
    if upload is None:
        raise DocumentError(_("Choose a file."))
    size = getattr(upload, "size", None) or 0
    if size > MAX_BYTES:
        raise DocumentError(_too_big())
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    upload.seek(0)
    if len(data) > MAX_BYTES:
        raise DocumentError(_too_big())   # the size the upload claimed was wrong
    if not data:
        raise DocumentError(_("The file is empty. Choose the document again."))
    extension = _kind(data)
    if extension is None:
        raise DocumentError(_("The file must be a PDF, a Word document (.docx), or a JPEG "
                              "or PNG picture. Save the document as a PDF (most programs "
                              "offer it under Save as, Export or Print), then choose that "
                              "file."))
    return Checked(content=ContentFile(data, name=f"document{extension}"), extension=extension)


def _too_big() -> str:
    return _("The file must be smaller than %(size)s MB. Make it smaller (for example with "
             "fewer or smaller pictures), or split it into two documents.") % {
        "size": MAX_MEGABYTES}


def served_as(name: str) -> tuple[str, bool]:
    """(content type, shown inline) of a stored document, by the extension it was stored
    with (which ``check`` chose from its bytes)."""
    return TYPES.get(PurePosixPath(name).suffix.lower(), ("application/octet-stream", False))
