"""The demo trust's home-school agreement, at Mapledown.

- Version 1 (last September): the NAS required statements and the school's aims.
- Its review in the spring: what parents and carers said at a coffee morning (they wanted
  it shorter, in pictures, and in their languages) and what the school council said with
  symbols (what pupils promise, in their own words), each kept with the version it shaped.
- Version 2 (published a fortnight ago by the headteacher, Daniel Okafor): every required
  statement in Mapledown's own words, its aims and values, what it expects of pupils, each
  statement with easy read and symbols; what changed, in plain words. A person checked the
  Polish translation of every text (Ana Ionescu, the EAL teacher), so the Nowak family
  reads it in checked Polish.
- Amira Hassan's separated parents sign version 2 separately: Layla in easy read (in
  Arabic), Omar as written; Amira signs by choosing the thumbs-up symbol with her class
  teacher, Hannah Price. Agnieszka Nowak signed version 1 and is shown what changed; most
  families have not signed, and nothing is different for them.
- The admissions pack: the agreement and two documents (small real PDFs made now with
  WeasyPrint: no binary file is kept in the repository), sent to the family of Andrei
  Popescu, who joined mid-year.

Writes through the actions (audited, as the school did it), except the dates, which are set
back afterwards. Idempotent: a school with an agreement is left alone.

The story's data (names, texts, days) is in story.py; this module writes it.
"""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from bridgebook.agreements import actions
from bridgebook.agreements.demo.story import (
    CHANGES,
    COORDINATOR,
    DOCUMENTS,
    FIRST_CREATED_DAYS_AGO,
    FIRST_PUBLISHED_DAYS_AGO,
    HEAD,
    JOINED_MID_YEAR,
    OFFICE,
    PARENTS_SIGNING,
    POLISH_CHECKED_DAYS_AGO,
    PUPIL_MARK,
    PUPIL_SIGNED_DAYS_AGO,
    REVIEWER,
    SECOND_CREATED_DAYS_AGO,
    SECOND_PUBLISHED_DAYS_AGO,
    SIGNED_FIRST,
    SIGNED_FIRST_DAYS_AGO,
    SIGNED_FIRST_LANGUAGE,
    SIGNING_PUPIL,
    STATEMENTS,
    TEACHER,
    VIEWS,
)
from bridgebook.agreements.models import (
    Agreement,
    AgreementVersion,
    Format,
    PackDelivery,
    Signature,
)
from bridgebook.core.models import School, User
from bridgebook.core.pdf import html_to_pdf
from bridgebook.people.demo.story import MAPLEDOWN
from bridgebook.people.models import Contact, Pupil
from bridgebook.reviews.schedule import add_months
from bridgebook.translation.models import ReviewRequest

# The admissions pack's documents are small HTML pages made into PDFs.
WELCOME_HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title}</title><style>body{{font-family:sans-serif;font-size:12pt}}</style></head>
<body><h1>{title}</h1>{body}</body></html>"""


def _user(name: str, school) -> User | None:
    return User.objects.filter(full_name=name, staff_roles__school=school).first()


def _back(obj, **fields) -> None:
    type(obj).objects.filter(pk=obj.pk).update(**fields)


@transaction.atomic
def seed_demo_agreement(**_options) -> dict[str, int]:
    made = {"agreement versions": 0, "agreement signatures": 0}
    school = School.objects.filter(urn=MAPLEDOWN.urn).first()
    head, coordinator, teacher = (_user(name, school) for name in (HEAD, COORDINATOR, TEACHER))
    if school is None or None in (head, coordinator, teacher):
        return made
    if Agreement.objects.filter(school=school, versions__isnull=False).exists():
        return made
    now = timezone.now()

    # Version 1: the NAS required statements, and the aims.
    first = actions.do_start_draft(school=school, acting_user=coordinator,
                                   start_from=actions.START_NAS)
    actions.do_add_statement(version=first, acting_user=coordinator, section="aims",
                             text=STATEMENTS[1][2])
    # Published last September (set as a fixture: families were told then, not now).
    published = now - datetime.timedelta(days=FIRST_PUBLISHED_DAYS_AGO)
    _back(first, status=AgreementVersion.Status.PUBLISHED, published_by=head,
          created_at=now - datetime.timedelta(days=FIRST_CREATED_DAYS_AGO), published_at=published,
          review_due=add_months(timezone.localdate(published), first.agreement.review_months))
    first.refresh_from_db()

    # Version 2: rewritten after the review, with easy read and symbols.
    second = actions.do_start_draft(school=school, acting_user=coordinator,
                                    start_from=actions.START_COPY)
    copies = {s.nas_key: s for s in second.statements.all() if s.nas_key}
    aims_copy = second.statements.filter(nas_key="").first()
    for section, key, text, easy, symbols, _pl, _pl_easy in STATEMENTS:
        statement = copies.get(key) if key else (aims_copy if text == STATEMENTS[1][2]
                                                  else None)
        if statement is not None:
            actions.do_change_statement(statement=statement, acting_user=coordinator,
                                        section=section, text=text, easy_read=easy,
                                        symbols=symbols, nas_key=key)
        else:
            actions.do_add_statement(version=second, acting_user=coordinator,
                                     section=section, text=text, easy_read=easy,
                                     symbols=symbols, nas_key=key)
    for source, days, how, summary, response in VIEWS:
        view = actions.do_record_view(school=school, acting_user=coordinator, source=source,
                                      gathered_on=(now - datetime.timedelta(days=days)).date(),
                                      how=how, summary=summary, response=response,
                                      version=second)
        _back(view, recorded_at=now - datetime.timedelta(days=days))
    actions.do_publish(version=second, acting_user=head, changes=CHANGES)
    _back(second, created_at=now - datetime.timedelta(days=SECOND_CREATED_DAYS_AGO),
          published_at=now - datetime.timedelta(days=SECOND_PUBLISHED_DAYS_AGO))
    second.refresh_from_db()
    made["agreement versions"] = 2

    _check_polish(school, second)
    made["agreement signatures"] = _sign(school, first, second, teacher)
    _pack(school)
    return made


def _check_polish(school, version: AgreementVersion) -> None:
    """Ask for the Polish translation of every text of the version to be checked (through
    the action, as the school would), and approve it with the EAL teacher's Polish (written
    straight to the review rows: approving is a durable action of its own, and the demo
    loads in one transaction)."""
    reviewer = _user(REVIEWER, school) or _user(HEAD, school)
    polish = {}
    for _section, _key, text, easy, _symbols, pl, pl_easy in STATEMENTS:
        polish[text], polish[easy] = pl, pl_easy
    actions.do_ask_translation_check(version=version, acting_user=_user(COORDINATOR, school),
                                     language="pl")
    reviewed_at = timezone.now() - datetime.timedelta(days=POLISH_CHECKED_DAYS_AGO)
    for review in ReviewRequest.objects.filter(school=school, language="pl",
                                               ref__startswith=f"agreement:{version.pk}:"):
        ReviewRequest.objects.filter(pk=review.pk).update(
            reviewed_text=polish[review.source_text], status=ReviewRequest.Status.APPROVED,
            reviewer=reviewer, reviewed_at=reviewed_at)


def _contact(school, first: str, last: str) -> Contact | None:
    return Contact.objects.filter(first_name=first, last_name=last, school=school).first()


def _sign(school, first, second, teacher) -> int:
    pupil = Pupil.objects.filter(school=school, legal_first_name=SIGNING_PUPIL[0],
                                 legal_last_name=SIGNING_PUPIL[1]).first()
    parents = [(_contact(school, *name), format_, days)
               for name, format_, days in PARENTS_SIGNING]
    signed = 0
    if pupil is not None and all(contact is not None for contact, _f, _d in parents):
        now = timezone.now()
        for contact, format_, days in parents:
            for signature in actions.do_sign(version=second, contact=contact, pupils=[pupil],
                                             acting_user=contact.user, name=contact.full_name,
                                             language=contact.language, format_=format_):
                _back(signature, signed_at=now - datetime.timedelta(days=days))
                signed += 1
        actions.do_mark_pupil_signs(pupil=pupil, acting_user=teacher, signs=True,
                                    by_symbol=True)
        signature = actions.do_pupil_sign(version=second, pupil=pupil, acting_user=teacher,
                                          method=Signature.Method.SYMBOL, mark=PUPIL_MARK)
        _back(signature, signed_at=now - datetime.timedelta(days=PUPIL_SIGNED_DAYS_AGO))
        signed += 1
    earlier = _contact(school, *SIGNED_FIRST)
    if earlier is not None:
        children = list(Pupil.objects.filter(school=school, contact_links__contact=earlier))
        made = actions.do_sign(version=first, contact=earlier, pupils=children,
                               acting_user=earlier.user, name=earlier.full_name,
                               language=SIGNED_FIRST_LANGUAGE, format_=Format.TEXT)
        for signature in made:
            _back(signature, signed_at=timezone.now()
                  - datetime.timedelta(days=SIGNED_FIRST_DAYS_AGO))
        signed += len(made)
    return signed


def _pack(school) -> None:
    office = _user(OFFICE, school) or _user(HEAD, school)
    actions.do_add_agreement_to_pack(school=school, acting_user=office)
    for title, description, body in DOCUMENTS:
        content = html_to_pdf(WELCOME_HTML.format(title=title, body=body),
                              what="The demo's admissions pack")
        upload = ContentFile(content, name="document.pdf")
        actions.do_add_pack_document(school=school, acting_user=office, title=title,
                                     description=description, upload=upload)
    joined = Pupil.objects.filter(school=school, legal_first_name=JOINED_MID_YEAR[0],
                                  legal_last_name=JOINED_MID_YEAR[1]).first()
    if joined is not None and not PackDelivery.objects.filter(pupil=joined).exists():
        actions.do_send_pack(pupil=joined, acting_user=office)

