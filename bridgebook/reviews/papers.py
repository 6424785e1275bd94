"""Papers for a review's pack: checked before anything is stored.

A professional's advice or report comes as a PDF. Whatever the file's name or the type the
browser claims, its first bytes must be those of a PDF (``%PDF-``) and it must be smaller
than 20 MB; it is then stored under a random name (``models.paper_path``) and served only
by ``reviews:paper`` as a PDF, so nothing else is ever stored or served.

Everything here checks; nothing is written (``actions.do_add_paper`` stores it).
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

MAX_BYTES = 20 * 1024 * 1024
MAX_MEGABYTES = MAX_BYTES // (1024 * 1024)
PDF_MAGIC = b"%PDF-"


class PaperError(ValueError):
    """A file that cannot be kept as a review paper; the message says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def check_pdf(upload) -> ContentFile:
    """The upload as a PDF to keep, or PaperError saying why not."""
    size = getattr(upload, "size", None) or 0
    if size > MAX_BYTES:
        raise PaperError(_too_big())
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    upload.seek(0)
    if len(data) > MAX_BYTES:
        raise PaperError(_too_big())   # the size the upload claimed was wrong
    if not data:
        raise PaperError(_("The file is empty. Choose the PDF again."))
    if not data.startswith(PDF_MAGIC):
        raise PaperError(_("The file must be a PDF. Save or export the document as a PDF "
                           "(most programs offer it under Save as, Export or Print), then "
                           "choose that file."))
    return ContentFile(data, name="paper.pdf")


def _too_big() -> str:
    return _("The file must be smaller than %(size)s MB. Make the PDF smaller (for example "
             "with fewer or smaller pictures), or split it into two papers.") % {
        "size": MAX_MEGABYTES}
