"""Telling a pupil's family when a target is set, changed or achieved.

Every contact entitled to the pupil hears, each in their own language, with the target's
words machine translated (marked as such) where they read another language; a restricted
contact never does (``messaging.recipients.resolve``), and the message is read only while
the contact is still entitled (``Draft.pupils``). Each change is a ``TargetNotice``, whose
id is the messages' ``source_id``: a change is told once, however often it is asked.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridgebook.messaging.delivery import Draft, create_messages
from bridgebook.messaging.recipients import resolve
from bridgebook.targets.models import TARGET_NOTICE, Target, TargetNotice
from bridgebook.translation.services import marked_for


def _heading(change: str, name: str) -> str:
    if change == TargetNotice.Change.SET:
        return _("A new target for %(name)s") % {"name": name}
    if change == TargetNotice.Change.ACHIEVED:
        return _("%(name)s has achieved a target") % {"name": name}
    return _("%(name)s’s target has changed") % {"name": name}


def tell_family_of_several(notices: list[TargetNotice]) -> list[int]:
    """Several targets set together for one pupil (an annual review's new priorities): one
    message to each contact listing them all, rather than a text for each. Told once: the
    first notice's id is the message's ``source_id``."""
    if len(notices) == 1:
        return tell_family(notices[0])
    notices = sorted(notices, key=lambda notice: notice.pk)
    targets = list(Target.objects.filter(pk__in=[notice.target_id for notice in notices])
                   .select_related("pupil", "pupil__school").order_by("pk"))
    pupil = targets[0].pupil
    url = settings.BRIDGEBOOK_BASE_URL + reverse("targets:pupil", args=[pupil.pk])
    words: dict[str, list[str]] = {}
    drafts = []
    for recipient in resolve([pupil]):
        contact = recipient.contact
        language = contact.language or "en"
        if language not in words:
            words[language] = marked_for([target.text for target in targets],
                                         target=language, school=pupil.school)
        with translation.override(language):
            subject = ngettext("%(count)s new target for %(name)s",
                               "%(count)s new targets for %(name)s", len(targets)) % {
                "count": len(targets), "name": pupil.first_name}
            body = "\n".join([
                f"{subject}:", *[f"- {text}" for text in words[language]],
                _("See them with how we will know, and add what you see at home: %(url)s")
                % {"url": url}])
        drafts.append(Draft(contact=contact, subject=subject, body=body, pupils=[pupil]))
    if not drafts:
        return []
    return create_messages(school=pupil.school, kind=TARGET_NOTICE, drafts=drafts,
                           source_id=notices[0].pk)


def tell_family(notice: TargetNotice) -> list[int]:
    """Write the messages about one change; returns their ids (none the second time)."""
    target = Target.objects.select_related("pupil", "pupil__school").get(pk=notice.target_id)
    pupil = target.pupil
    url = settings.BRIDGEBOOK_BASE_URL + reverse("targets:target", args=[target.pk])
    words: dict[str, str] = {}
    drafts = []
    for recipient in resolve([pupil]):
        contact = recipient.contact
        language = contact.language or "en"
        if language not in words:
            words[language] = marked_for([target.text], target=language, school=pupil.school)[0]
        with translation.override(language):
            subject = _heading(notice.change, pupil.first_name)
            body = "\n".join([
                f"{subject}: {words[language]}",
                _("See it with how we will know, and add what you see at home: %(url)s")
                % {"url": url},
            ])
        drafts.append(Draft(contact=contact, subject=subject, body=body, pupils=[pupil]))
    if not drafts:
        return []
    return create_messages(school=pupil.school, kind=TARGET_NOTICE, drafts=drafts,
                           source_id=notice.pk)
