"""What language access adds to the shared pages (bridgebook/core/registry.py): the
glossary every member of staff reads, the translations to check for those who approve them,
and their audit records."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bridgebook.core.registry import AuditType, MenuEntry, Section, Urls, site
from bridgebook.translation.access import can_review

site.add(
    Urls("translation", "bridgebook.translation.urls"),
    MenuEntry(key="translation.glossary", label=_("Glossary"), section=Section.COMMUNICATION,
              order=30,
              url=lambda viewer, school: reverse("translation:glossary", args=[school.urn])),
    MenuEntry(key="translation.reviews", label=_("Translations to check"),
              section=Section.COMMUNICATION, order=40,
              url=lambda viewer, school: reverse("translation:reviews", args=[school.urn]),
              show=lambda viewer, school: can_review(viewer.user, school)),
    AuditType("glossaryterm", _("Glossary term")),
    AuditType("reviewrequest", _("Translation check")),
)
