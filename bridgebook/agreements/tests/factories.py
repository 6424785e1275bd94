"""Agreements, versions, signatures and packs for the tests, made through the actions (as
the school would), so they carry what the actions guarantee."""

from __future__ import annotations

from django.core.files.base import ContentFile

from bridgebook.agreements import actions, selectors
from bridgebook.agreements.models import AgreementVersion, Format, PackItem, Statement

PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <</Type /Catalog>> endobj\ntrailer <<>>\n%%EOF\n"
OWN_AIM = "We help every pupil to communicate and to enjoy learning."
OWN_AIM_EASY = "We help you talk. Learning is fun."


def published(school, by, *, extra: int = 1, easy: bool = True) -> AgreementVersion:
    """The school's version in force (made the first time): the NAS required statements and
    ``extra`` statements of its own aims, each with easy read and a symbol."""
    current = selectors.current_version(school)
    if current is not None:
        return current
    draft = selectors.draft_of(school) or actions.do_start_draft(
        school=school, acting_user=by, start_from=actions.START_NAS)
    for number in range(extra):
        text = OWN_AIM if number == 0 else f"{OWN_AIM} ({number + 1})"
        actions.do_add_statement(version=draft, acting_user=by, section="aims", text=text,
                                 easy_read=OWN_AIM_EASY if easy else "",
                                 symbols=["1F5E3"] if easy else [])
    return actions.do_publish(version=draft, acting_user=by,
                              changes="" if selectors.previous_published(draft) is None
                              else "Some words changed.")


def draft_of(school, by) -> AgreementVersion:
    """The school's draft (a copy of the version in force), made when there is none."""
    published(school, by)
    return selectors.draft_of(school) or actions.do_start_draft(school=school, acting_user=by)


def draft_statement(school, by) -> Statement:
    return draft_of(school, by).statements.order_by("pk").first()


def sign(version, contact, pupils, *, by=None, format_=Format.TEXT, language="en"):
    return actions.do_sign(version=version, contact=contact, pupils=list(pupils),
                           acting_user=by or contact.user, name=contact.full_name,
                           language=language, format_=format_)


def document(school, by, title="Uniform and what to bring") -> PackItem:
    return actions.do_add_pack_document(
        school=school, acting_user=by, title=title,
        description="What your child needs each day.",
        upload=ContentFile(PDF_BYTES, name="uniform.pdf"))
