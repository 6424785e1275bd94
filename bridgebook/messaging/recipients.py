"""Who receives information about which pupils.

Resolved per pupil: every contact entitled to the information (parental responsibility,
or marked to receive it) and never a restricted contact. A contact with several children
among the pupils gets one message that names each child; separated parents each get their
own, and so does each household, because every entitled contact is a recipient.
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from bridgebook.people.models import Contact, Pupil, PupilContact


@dataclass
class Recipient:
    contact: Contact
    pupils: list[Pupil] = field(default_factory=list)

    @property
    def household_id(self) -> int | None:
        return self.contact.household_id

    @property
    def children_names(self) -> str:
        """"Amira", "Amira and Yusuf", "Amira, Yusuf and Mia" (in the active language)."""
        return get_text_list([pupil.first_name for pupil in self.pupils], _("and"))


def entitled_links(pupils) -> QuerySet[PupilContact]:
    """Links that entitle a contact to information about these pupils: one query."""
    return (PupilContact.objects.entitled()
            .filter(pupil__in=pupils)
            .select_related("contact", "contact__household", "pupil")
            .order_by("contact_id", "pupil__date_of_birth", "pupil_id"))


def resolve(pupils) -> list[Recipient]:
    """One Recipient per entitled contact, naming each of their children among ``pupils``.

    A contact restricted for one child but entitled to a sibling hears only about the
    sibling.
    """
    recipients: dict[int, Recipient] = {}
    for link in entitled_links(pupils):
        recipient = recipients.get(link.contact_id)
        if recipient is None:
            recipient = recipients[link.contact_id] = Recipient(contact=link.contact)
        recipient.pupils.append(link.pupil)
    return list(recipients.values())


def households(recipients: list[Recipient]) -> dict[int | None, list[Recipient]]:
    """Recipients grouped by household (a printed letter goes once to each household).

    Contacts with no known household each stand alone.
    """
    grouped: dict = {}
    for recipient in recipients:
        key = recipient.household_id if recipient.household_id is not None else (
            f"contact-{recipient.contact.pk}")
        grouped.setdefault(key, []).append(recipient)
    return grouped
