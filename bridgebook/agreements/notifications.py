"""What families are told, each their own copy in their own language.

- A version is published: each parent and carer with parental responsibility for a child on
  roll (never a restricted contact; a parent in another household gets their own) is told
  there is a new version to read, with what changed in the school's words (machine
  translated and marked as such where it is). One message names each of their children;
  the version is the messages' ``source_id``, so they are told once however often this
  runs. The message says where to read it and that they may sign it; it never speaks of
  what happens if they do not, for nothing does.
- The admissions pack is sent: each parent or carer it went to is told where to open it.

The words are in templates (agreements/family/message_*.txt: first line the subject, then
the body), rendered in each reader's language.
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.text import get_text_list
from django.utils.translation import gettext

from bridgebook.agreements import selectors
from bridgebook.agreements.models import AgreementVersion, PackDelivery
from bridgebook.messaging.delivery import Draft, create_messages
from bridgebook.people.models import Pupil, PupilContact
from bridgebook.translation.services import marked_for

AGREEMENT_NOTICE = "agreement"
PACK_NOTICE = "admissions_pack"


def _render(template: str, language: str, context: dict) -> tuple[str, str]:
    with translation.override(language):
        text = render_to_string(template, context).strip()
    subject, _blank, body = text.partition("\n")
    return subject.strip(), body.strip()


def _names(pupils) -> str:
    return get_text_list([pupil.first_name for pupil in pupils], gettext("and"))


def tell_families(version_id: int) -> list[int]:
    """Tell each parent and carer of the school's children that ``version`` is published;
    returns the new messages' ids (none the second time)."""
    version = (AgreementVersion.objects.select_related("agreement__school")
               .filter(pk=version_id, status=AgreementVersion.Status.PUBLISHED).first())
    if version is None:
        return []
    school = version.agreement.school
    first = selectors.previous_published(version) is None
    links = (PupilContact.objects
             .filter(pupil__in=selectors.on_roll(Pupil.objects.filter(school=school)),
                     parental_responsibility=True, is_restricted=False)
             .select_related("contact", "pupil")
             .order_by("contact_id", "pupil__date_of_birth", "pupil_id"))
    children: dict[int, list] = defaultdict(list)
    contacts = {}
    for link in links:
        contacts[link.contact_id] = link.contact
        children[link.contact_id].append(link.pupil)
    changes: dict[str, str] = {}
    drafts = []
    for contact_id, contact in contacts.items():
        language = contact.language or "en"
        if version.changes and language not in changes:
            changes[language] = marked_for([version.changes], target=language,
                                           school=school)[0]
        pupils = children[contact_id]
        url = settings.BRIDGEBOOK_BASE_URL + reverse("agreements:pupil", args=[pupils[0].pk])
        with translation.override(language):
            names = _names(pupils)
        subject, body = _render("agreements/family/message_new_version.txt", language, {
            "school": school, "version": version, "first": first, "url": url,
            "changes": changes.get(language, ""), "names": names})
        drafts.append(Draft(contact=contact, subject=subject, body=body, pupils=pupils,
                            language=language))
    if not drafts:
        return []
    return create_messages(school=school, kind=AGREEMENT_NOTICE, drafts=drafts,
                           source_id=version.pk)


def tell_pack_sent(delivery_ids) -> list[int]:
    """Tell each parent or carer the admissions pack went to where to open it."""
    written = []
    for delivery in (PackDelivery.objects.filter(pk__in=list(delivery_ids))
                     .select_related("contact", "pupil", "pupil__school")
                     .annotate(item_count=Count("items")).order_by("pk")):
        pupil, contact = delivery.pupil, delivery.contact
        language = contact.language or "en"
        url = settings.BRIDGEBOOK_BASE_URL + reverse("agreements:family_pack",
                                                     args=[pupil.pk])
        subject, body = _render("agreements/family/message_pack.txt", language, {
            "school": pupil.school, "pupil": pupil, "url": url,
            "count": delivery.item_count})
        written += create_messages(
            school=pupil.school, kind=PACK_NOTICE, source_id=delivery.pk,
            drafts=[Draft(contact=contact, subject=subject, body=body, pupils=[pupil],
                          language=language)])
    return written
