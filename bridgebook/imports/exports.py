"""CSV exports of a school's pupils and contacts, in the columns our CSV import reads."""

from bridgebook.core.access import visible_contacts, visible_pupils
from bridgebook.people.models import PupilContact

PUPIL_HEADER = ["UPN", "Pupil ID", "Legal Forename", "Legal Surname", "Preferred Forename",
                "Preferred Surname", "DOB", "Reg Group", "Home Language", "Admission Date",
                "Leaving Date", "EHCP", "Areas of Need"]
CONTACT_HEADER = ["UPN", "Pupil ID", "Contact ID", "Priority", "Relationship",
                  "Parental Responsibility", "Lives With Pupil", "Title", "Forename", "Surname",
                  "Email", "Mobile", "Language", "Interpreter Needed", "Literacy Support",
                  "Court Order", "Address Line 1", "Town", "Postcode"]


def _flag(value: bool) -> str:
    return "T" if value else "F"


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def pupil_rows(user, school):
    pupils = (visible_pupils(user).filter(school=school).select_related("school_class")
              .order_by("legal_last_name", "legal_first_name", "pk"))
    rows = (
        [p.upn, p.mis_id, p.legal_first_name, p.legal_last_name, p.preferred_first_name,
         p.preferred_last_name, _date(p.date_of_birth),
         p.school_class.name if p.school_class else "", p.home_language,
         _date(p.admission_date), _date(p.leaving_date), _flag(p.has_ehcp),
         " ".join(p.areas_of_need)]
        for p in pupils.iterator(chunk_size=500)
    )
    return PUPIL_HEADER, rows


def contact_rows(user, school):
    links = (PupilContact.objects
             .filter(pupil__in=visible_pupils(user).filter(school=school),
                     contact__in=visible_contacts(user))
             .select_related("pupil", "contact", "contact__household")
             .order_by("pupil__legal_last_name", "pupil__pk", "priority", "pk"))
    rows = (
        [link.pupil.upn, link.pupil.mis_id, link.contact.mis_id,
         link.priority, link.relationship, _flag(link.parental_responsibility),
         _flag(link.lives_with_pupil), link.contact.title, link.contact.first_name,
         link.contact.last_name, link.contact.email, link.contact.mobile,
         link.contact.language, _flag(link.contact.interpreter_needed),
         _flag(link.contact.literacy_support), _flag(link.is_restricted),
         link.contact.household.address_line_1 if link.contact.household else "",
         link.contact.household.town if link.contact.household else "",
         link.contact.household.postcode if link.contact.household else ""]
        for link in links.iterator(chunk_size=500)
    )
    return CONTACT_HEADER, rows


EXPORTS = {"pupils": pupil_rows, "contacts": contact_rows}
