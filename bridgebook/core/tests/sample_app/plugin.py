"""Everything the noticeboard adds, registered the way every app does it."""

from django.urls import reverse

from bridgebook.core.registry import (
    DemoSeeder,
    FamilyCard,
    MenuEntry,
    PupilTab,
    Section,
    Urls,
    site,
)

SEEDED: list[str] = []


def _seed(**_options) -> dict[str, int]:
    SEEDED.append("noticeboard")
    return {"notices": 1}


site.add(
    Urls("sample_app", "bridgebook.core.tests.sample_app.urls"),
    MenuEntry(key="sample_app.notices", label="Noticeboard", section=Section.COMMUNICATION,
              order=60,
              url=lambda viewer, school: reverse("sample_app:notices", args=[school.urn])),
    PupilTab(key="sample_app.notices", label="Notices", url_name="sample_app:pupil_notices",
             order=90),
    FamilyCard(key="sample_app.notices", order=90, attribute="notices",
               count=lambda viewer, pupil_ids: dict.fromkeys(pupil_ids, 2),
               template="sample_app/family_row.html"),
    DemoSeeder("sample_app", _seed, after=("people", "diary")),
)
