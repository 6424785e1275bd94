"""The subject-access export: every incident recorded about one adult, as a PDF.

An adult may ask the school for the personal data it holds about them (UK GDPR article 15;
the school answers within one calendar month). The conduct log is never shown to a family
member in Bridgebook; this PDF is the one way out, produced by a senior leader for the
school to release after its own redaction check (the names of staff affected, other
pupils, witnesses). It is in English, as the record is kept, and says so at its head.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from bridgebook.core.pdf import html_to_pdf

PDF_LANGUAGE = "en-gb"


def subject_access_html(incidents: list, *, school, person_name: str, made_by) -> str:
    with translation.override(PDF_LANGUAGE):
        return render_to_string("conduct/pdf/subject_access.html", {
            "incidents": incidents, "school": school, "person_name": person_name,
            "made_by": made_by, "made_at": timezone.localtime(timezone=school.tz)})


def subject_access_pdf(incidents: list, *, school, person_name: str, made_by) -> bytes:
    return html_to_pdf(subject_access_html(incidents, school=school, person_name=person_name,
                                           made_by=made_by),
                       what="A conduct subject-access PDF")
