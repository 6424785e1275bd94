"""The printed-letter batch: one PDF, one page per household.

Each page carries the household's address block (the names of everyone in it who has a
letter, then the address), and each reader's message in the language it was written for
them, with the children it is about. WeasyPrint fetches nothing: the HTML has no images
or links, and the URL fetcher refuses every address.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from bridgebook.core.pdf import closed_fetcher
from bridgebook.people.codes import RTL_LANGUAGES


@dataclass
class Letter:
    name: str
    subject: str
    body: str
    language: str
    rtl: bool


@dataclass
class HouseholdPage:
    names: list[str]
    address_lines: list[str]
    letters: list[Letter]


def pages_for(deliveries) -> list[HouseholdPage]:
    """Deliveries grouped by household (a contact with no household stands alone)."""
    pages: dict = {}
    for delivery in deliveries:
        message = delivery.message
        contact = message.contact
        key = contact.household_id if contact.household_id is not None else (
            f"contact-{contact.pk}")
        page = pages.get(key)
        if page is None:
            household = contact.household
            lines = []
            if household is not None:
                lines = [part for part in (household.address_line_1, household.address_line_2,
                                           household.town, household.postcode) if part]
            page = pages[key] = HouseholdPage(names=[], address_lines=lines, letters=[])
        if contact.full_name not in page.names:
            page.names.append(contact.full_name)
        same = next((letter for letter in page.letters
                     if (letter.subject, letter.body, letter.language)
                     == (message.subject, message.body, message.language)), None)
        if same is not None:
            # Two readers at one address with the same text: one letter for both.
            same.name = f"{same.name}, {contact.full_name}"
            continue
        page.letters.append(Letter(name=contact.full_name, subject=message.subject,
                                   body=message.body, language=message.language,
                                   rtl=message.language in RTL_LANGUAGES))
    return list(pages.values())


def document(*, school, deliveries):
    """The laid-out WeasyPrint document (its ``pages`` are the printed pages)."""
    from weasyprint import HTML  # loads Pango: only when printing

    pages = pages_for(deliveries)
    html = render_to_string("announcements/letters_pdf.html", {
        "school": school, "pages": pages, "date": timezone.localdate()})
    return (HTML(string=html, url_fetcher=closed_fetcher("The letter batch")).render(),
            len(pages))


def render(*, school, deliveries) -> tuple[bytes, int]:
    """(PDF bytes, number of households)."""
    laid_out, households = document(school=school, deliveries=deliveries)
    return laid_out.write_pdf(), households
