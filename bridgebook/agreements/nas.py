"""The statements every NAS school's home-school agreement includes (the NAS Parents and
Schools in Partnership policy, section 4), and the check that a version has them.

Each statement has a key, so a school's own wording of one is recognised by the key it was
written from, and a conduct incident can name the statement it breaches."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class RequiredStatement:
    key: str
    section: str
    # What the statement must say, as the policy words it (the school may word it its own
    # way; the check looks for the key on one of the version's statements).
    text: str
    # A short name for lists ("Abusive conduct is not tolerated").
    name: str


def _statements() -> tuple[RequiredStatement, ...]:
    return (
        RequiredStatement(
            "collaboration", "aims",
            _("The parents/carers and school will work collaboratively, each respecting the "
              "contribution of the other in the development of a person-centred approach "
              "to learning."),
            _("Working together")),
        RequiredStatement(
            "reasonable_wishes", "school",
            _("The school will endeavour to accommodate reasonable parental wishes relative "
              "to that person-centred approach, taking into account the needs of all pupils, "
              "the level of staffing and service purchased by the commissioning authority, "
              "and the facilities available to the school."),
            _("Reasonable wishes of parents and carers")),
        RequiredStatement(
            "no_abuse", "family",
            _("Harassment, intimidation, threatening behaviour, physical violence and other "
              "forms of abusive conduct (including by way of social media like Facebook and "
              "twitter) will not be tolerated, and may lead to police involvement."),
            _("Abusive conduct is not tolerated")),
        RequiredStatement(
            "understanding_procedures", "school",
            _("The school will support parents/carers in understanding procedures, how to "
              "access support, and will be given documents to be discussed prior to "
              "meetings."),
            _("Help with procedures and papers before meetings")),
        RequiredStatement(
            "reviews_and_functions", "school",
            _("Parents/Carers will be invited to attend their child's annual review/EHCP "
              "meetings, informal and formal school functions as appropriate."),
            _("Invitations to reviews and school functions")),
        RequiredStatement(
            "respond_positively", "school",
            _("The school will respond positively to parental/carer input and regularly "
              "review the effectiveness of informal/formal home/school liaison."),
            _("Responding to what families say")),
        RequiredStatement(
            "raise_concerns", "family",
            _("Parents/carers/schools are encouraged to raise any concerns with class or "
              "residential staff. Appointments can be made to meet with specific staff "
              "members at mutually convenient times."),
            _("Raising concerns and making appointments")),
        RequiredStatement(
            "regular_liaison", "school",
            _("Regular liaison will be developed in appropriate areas. This could include "
              "home/school diaries, reports, visits, workshops, reviews, parents evening, "
              "telephone calls, literature, information, support groups, coffee mornings "
              "and social events."),
            _("Regular liaison")),
        RequiredStatement(
            "clear_reports", "school",
            _("Written reports will be provided in a clear professional style avoiding the "
              "use of jargon. Depending on the type of, and reason for the report reference "
              "may be made to academic and/or any other special achievements and progress, "
              "activities that have taken place, general health, food intake, reference to "
              "incidents/accidents and any other relevant information."),
            _("Clear reports without jargon")),
    )


REQUIRED = _statements()
BY_KEY = {statement.key: statement for statement in REQUIRED}
KEY_CHOICES = [(statement.key, statement.name) for statement in REQUIRED]


def missing(keys) -> list[RequiredStatement]:
    """The required statements not among ``keys`` (the nas_key of a version's statements),
    in the policy's order."""
    present = set(keys)
    return [statement for statement in REQUIRED if statement.key not in present]
