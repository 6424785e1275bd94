"""Changes to the glossary and the review queue, each audited."""

from django.db import transaction
from django.utils import timezone

from bridgebook.core import audit
from bridgebook.core.models import AuditEvent
from bridgebook.translation.models import GlossaryTerm, ReviewRequest
from bridgebook.translation.services import base_language, translate
from bridgebook.translation.signals import review_approved

# Glossary ---------------------------------------------------------------------------------

@transaction.atomic
def do_add_glossary_term(*, school, acting_user, term: str, explanation: str,
                         trust_wide: bool = False, translations: dict | None = None
                         ) -> GlossaryTerm:
    glossary_term = GlossaryTerm.objects.create(
        school=None if trust_wide else school, trust=school.trust if trust_wide else None,
        term=term.strip(), explanation=explanation.strip(), translations=translations or {})
    audit.record(actor=acting_user, action=AuditEvent.Action.CREATE, obj=glossary_term,
                 school=school, summary=f"Added the glossary term {glossary_term.term}")
    return glossary_term


@transaction.atomic(durable=True)
def do_change_glossary_term(*, glossary_term: GlossaryTerm, school, acting_user, term: str,
                            explanation: str) -> GlossaryTerm:
    """Change a school's or trust's term. A standard term is not changed for everyone: the
    school gets its own copy, which from then on is the one it uses."""
    if glossary_term.scope == "standard":
        return do_add_glossary_term(school=school, acting_user=acting_user, term=term,
                                    explanation=explanation,
                                    translations=dict(glossary_term.translations))
    changes = audit.changed_fields(glossary_term, {"term": term.strip(),
                                                   "explanation": explanation.strip()},
                                   ["term", "explanation"])
    glossary_term.term = term.strip()
    glossary_term.explanation = explanation.strip()
    glossary_term.updated_at = timezone.now()
    glossary_term.save(update_fields=["term", "explanation", "updated_at"])
    audit.record(actor=acting_user, action=AuditEvent.Action.UPDATE, obj=glossary_term,
                 school=school, summary=f"Changed the glossary term {glossary_term.term}",
                 changes=changes)
    return glossary_term


@transaction.atomic(durable=True)
def do_set_glossary_translation(*, glossary_term: GlossaryTerm, school, acting_user,
                                language: str, text: str) -> GlossaryTerm:
    """Agree (or, with empty text, withdraw) the translation of a term in one language."""
    if glossary_term.scope == "standard":
        glossary_term = do_add_glossary_term(
            school=school, acting_user=acting_user, term=glossary_term.term,
            explanation=glossary_term.explanation,
            translations=dict(glossary_term.translations))
    glossary_term = GlossaryTerm.objects.select_for_update().get(pk=glossary_term.pk)
    before = glossary_term.translations.get(language, "")
    translations = dict(glossary_term.translations)
    if text.strip():
        translations[language] = text.strip()
    else:
        translations.pop(language, None)
    glossary_term.translations = translations
    glossary_term.updated_at = timezone.now()
    glossary_term.save(update_fields=["translations", "updated_at"])
    audit.record(actor=acting_user, action=AuditEvent.Action.UPDATE, obj=glossary_term,
                 school=school,
                 summary=f"Agreed the {language} translation of {glossary_term.term}",
                 changes={f"translation_{language}": [before, text.strip()]})
    return glossary_term


# Review queue -----------------------------------------------------------------------------

@transaction.atomic
def request_review(*, school, text: str, language: str, ref: str, requested_by=None,
                   purpose: str = "", source: str = "en") -> ReviewRequest:
    """Ask for a person to check the translation of ``text`` (written in ``source``) into
    ``language``.

    The machine translation (if a backend gives one) is the starting point. Asking again for
    the same ref and language with the same text in the same language changes nothing (an
    approval stands); with a changed text, or the same words said to be in another
    language, the request goes back to waiting.
    """
    language, source = base_language(language), base_language(source)
    existing = ReviewRequest.objects.select_for_update().filter(ref=ref,
                                                                language=language).first()
    if (existing is not None and existing.source_text == text
            and existing.source_language == source
            and existing.status != ReviewRequest.Status.WITHDRAWN):
        return existing
    machine = translate(text, target=language, source=source, school=school)
    machine_text = machine.text if machine.machine else ""
    if existing is None:
        review = ReviewRequest.objects.create(
            school=school, language=language, ref=ref, purpose=purpose, source_text=text,
            source_language=source, machine_text=machine_text,
            machine_backend=machine.backend, requested_by=requested_by)
        summary = f"Asked for a review of the {language} translation of {ref}"
        audit.record(actor=requested_by, action=AuditEvent.Action.CREATE, obj=review,
                     school=school, summary=summary)
        return review
    existing.source_text = text
    existing.source_language = source
    existing.machine_text = machine_text
    existing.machine_backend = machine.backend
    existing.reviewed_text = ""
    existing.status = ReviewRequest.Status.PENDING
    existing.reviewer = None
    existing.reviewed_at = None
    existing.requested_by = requested_by
    existing.requested_at = timezone.now()
    existing.purpose = purpose or existing.purpose
    existing.save(update_fields=["source_text", "source_language", "machine_text",
                                 "machine_backend", "reviewed_text", "status", "reviewer",
                                 "reviewed_at", "requested_by", "requested_at", "purpose"])
    audit.record(actor=requested_by, action=AuditEvent.Action.UPDATE, obj=existing,
                 school=school, summary=f"The text of {ref} changed: review again ({language})")
    return existing


def withdraw_reviews(*, refs: list[str], language: str, acting_user=None) -> int:
    """Take the reviews still waiting for ``refs`` in ``language`` out of the queue: what
    asked for them went ahead without the check. Approved ones stand. Returns how many."""
    language = base_language(language)
    waiting = list(ReviewRequest.objects.filter(ref__in=refs, language=language,
                                                status=ReviewRequest.Status.PENDING))
    withdrawn = ReviewRequest.objects.filter(
        pk__in=[review.pk for review in waiting],
        status=ReviewRequest.Status.PENDING).update(status=ReviewRequest.Status.WITHDRAWN)
    for review in waiting:
        audit.record(actor=acting_user, action=AuditEvent.Action.UPDATE, obj=review,
                     school=review.school,
                     summary=f"Withdrew the {language} review of {review.ref}: sent without "
                             f"the check")
    return withdrawn


@transaction.atomic(durable=True)
def do_approve_review(*, review: ReviewRequest, acting_user, text: str) -> ReviewRequest:
    review = ReviewRequest.objects.select_for_update().get(pk=review.pk)
    review.reviewed_text = text.strip()
    review.status = ReviewRequest.Status.APPROVED
    review.reviewer = acting_user
    review.reviewed_at = timezone.now()
    review.save(update_fields=["reviewed_text", "status", "reviewer", "reviewed_at"])
    audit.record(actor=acting_user, action=AuditEvent.Action.UPDATE, obj=review,
                 school=review.school,
                 summary=f"Approved the {review.language} translation of {review.ref}",
                 changes={"changed_from_machine": review.reviewed_text != review.machine_text})
    ref, language, review_id = review.ref, review.language, review.pk
    transaction.on_commit(lambda: review_approved.send(
        sender=ReviewRequest, ref=ref, language=language, review_id=review_id))
    return review
