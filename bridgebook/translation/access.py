"""Who may read and change the glossary and the translation review queue.

Every member of staff at a school may read its glossary (404 for families and outsiders,
via access_school). The EAL teacher, SENCO, office and principal may change it; the EAL
teacher and principal review translations. A trust administrator may do both everywhere in
the trust.
"""

from bridgebook.core.access import access_school, viewer_for
from bridgebook.core.models import Role
from bridgebook.translation.models import GlossaryTerm, ReviewRequest

GLOSSARY_EDIT_ROLES = frozenset({Role.EAL_TEACHER, Role.SENCO, Role.OFFICE, Role.PRINCIPAL})
REVIEW_ROLES = frozenset({Role.EAL_TEACHER, Role.PRINCIPAL})
TRUST_WIDE_ROLES = frozenset({Role.PRINCIPAL})


def can_edit_glossary(user, school) -> bool:
    return viewer_for(user).has_role(school, GLOSSARY_EDIT_ROLES)


def can_share_with_trust(user, school) -> bool:
    return viewer_for(user).has_role(school, TRUST_WIDE_ROLES)


def can_review(user, school) -> bool:
    return viewer_for(user).has_role(school, REVIEW_ROLES)


def access_glossary_term(user, urn: str, term_id, *, write: bool = False):
    """A term that applies at the school: its own, its trust's, or a standard one."""
    school = access_school(user, urn, need=GLOSSARY_EDIT_ROLES if write else None)
    term = GlossaryTerm.objects.filter(pk=term_id).first()
    if term is None:
        raise _not_found()
    if term.school_id is not None and term.school_id != school.pk:
        raise _not_found()
    if term.trust_id is not None and term.trust_id != school.trust_id:
        raise _not_found()
    return school, term


def access_review(user, urn: str, review_id):
    school = access_school(user, urn, need=REVIEW_ROLES)
    review = ReviewRequest.objects.filter(pk=review_id, school=school).select_related(
        "requested_by", "reviewer").first()
    if review is None:
        raise _not_found()
    return school, review


def _not_found():
    from django.http import Http404

    return Http404()
