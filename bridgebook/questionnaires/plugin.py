"""What baseline questionnaires add to the shared pages (bridgebook/core/registry.py): the
school's questionnaires in the staff menu, a Questionnaires tab on a child's page, the
questionnaires waiting on a family's landing page, the message asking a family member to
answer, the demo and the audit records."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bridgebook.core.registry import (
    AuditType,
    DemoSeeder,
    FamilyCard,
    MenuEntry,
    NotificationKind,
    PupilTab,
    Section,
    Urls,
    site,
)
from bridgebook.questionnaires.access import can_manage
from bridgebook.questionnaires.actions import QUESTIONNAIRE
from bridgebook.questionnaires.demo import seed_demo_questionnaires
from bridgebook.questionnaires.selectors import waiting_counts


def _seed(**_options) -> dict[str, int]:
    return seed_demo_questionnaires()


site.add(
    Urls("questionnaires", "bridgebook.questionnaires.urls"),
    MenuEntry(key="questionnaires.list", label=_("Questionnaires"), section=Section.PUPILS,
              order=60,
              url=lambda viewer, school: reverse("questionnaires:list", args=[school.urn]),
              show=lambda viewer, school: can_manage(viewer.user, school)),
    PupilTab(key="questionnaires.pupil", label=_("Questionnaires"),
             url_name="questionnaires:pupil", order=60),
    FamilyCard(key="questionnaires.waiting", attribute="questionnaires_waiting",
               count=waiting_counts, order=30,
               template="questionnaires/landing/family_row.html"),
    NotificationKind(QUESTIONNAIRE, _("Questionnaire")),
    DemoSeeder("questionnaires", _seed, after=("people", "diary")),
    AuditType("questionnairetemplate", _("Questionnaire")),
    AuditType("question", _("Questionnaire question")),
    AuditType("questionnaireround", _("Questionnaire sent")),
    AuditType("questionnairerequest", _("Questionnaire for a family member")),
    AuditType("answer", _("Questionnaire answer")),
)
