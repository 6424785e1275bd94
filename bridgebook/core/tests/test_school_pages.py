"""The school's own page: details, academic years and terms, lesson times."""

import datetime

import pytest
from django.urls import reverse

from bridgebook.conftest import PERSONAS, persona, signed_in
from bridgebook.core.models import AcademicYear, AuditEvent, LessonPeriod, Term
from bridgebook.core.tests.queries import STAFF_FRAME

SCHOOL_STAFF = {"class_teacher", "other_teacher", "principal", "office", "senco", "therapist"}
EDITORS = {"principal", "office", "trust_admin"}


def _expected(name: str, *, edit: bool) -> int:
    if name == "anonymous":
        return 302
    if name in EDITORS:
        return 200
    if name in SCHOOL_STAFF:
        return 403 if edit else 200
    return 404


@pytest.mark.parametrize("name", PERSONAS)
def test_school_page_access(world, name):
    response = signed_in(persona(world, name)).get(reverse("core:school", args=[world.school.urn]))
    assert response.status_code == _expected(name, edit=False)


@pytest.mark.parametrize("url_name", ["core:school_edit", "core:academic_year_add",
                                      "core:term_add", "core:lesson_add"])
@pytest.mark.parametrize("name", PERSONAS)
def test_school_forms_access(world, name, url_name):
    response = signed_in(persona(world, name)).get(reverse(url_name, args=[world.school.urn]))
    assert response.status_code == _expected(name, edit=True)


def _year(world):
    return AcademicYear.objects.create(school=world.school, name="2026/27",
                                       starts_on=datetime.date(2026, 9, 1),
                                       ends_on=datetime.date(2027, 7, 31))


def _date(prefix: str, value: datetime.date) -> dict:
    return {f"{prefix}_day": value.day, f"{prefix}_month": value.month,
            f"{prefix}_year": value.year}


def test_add_year_and_term(world):
    client = signed_in(world.office)
    response = client.post(reverse("core:academic_year_add", args=[world.school.urn]), {
        "name": "2026/27", **_date("starts_on", datetime.date(2026, 9, 1)),
        **_date("ends_on", datetime.date(2027, 7, 31))})
    assert response.status_code == 302
    year = AcademicYear.objects.get(school=world.school)
    response = client.post(reverse("core:term_add", args=[world.school.urn]), {
        "academic_year": year.pk, "name": "Autumn",
        **_date("starts_on", datetime.date(2026, 9, 2)),
        **_date("ends_on", datetime.date(2026, 12, 18))})
    assert response.status_code == 302
    page = client.get(reverse("core:school", args=[world.school.urn])).content.decode()
    assert "Autumn" in page and "2026/27" in page
    assert AuditEvent.objects.filter(actor=world.office, summary="Added Autumn to 2026/27").exists()


def test_term_outside_the_year_or_overlapping_is_refused(world):
    year = _year(world)
    Term.objects.create(academic_year=year, name="Autumn", starts_on=datetime.date(2026, 9, 2),
                        ends_on=datetime.date(2026, 12, 18))
    client = signed_in(world.office)
    url = reverse("core:term_add", args=[world.school.urn])
    outside = client.post(url, {"academic_year": year.pk, "name": "Summer",
                                **_date("starts_on", datetime.date(2027, 7, 1)),
                                **_date("ends_on", datetime.date(2027, 8, 30))})
    assert "The term must fall within 2026/27" in outside.content.decode()
    overlap = client.post(url, {"academic_year": year.pk, "name": "Late autumn",
                                **_date("starts_on", datetime.date(2026, 12, 1)),
                                **_date("ends_on", datetime.date(2027, 1, 10))})
    assert "overlaps another term" in overlap.content.decode()
    backwards = client.post(url, {"academic_year": year.pk, "name": "Odd",
                                  **_date("starts_on", datetime.date(2027, 3, 1)),
                                  **_date("ends_on", datetime.date(2027, 2, 1))})
    assert "The last day must be after the first day" in backwards.content.decode()
    assert Term.objects.count() == 1


def test_lesson_times(world):
    client = signed_in(world.principal)
    url = reverse("core:lesson_add", args=[world.school.urn])
    response = client.post(url, {"weekdays": [0, 1, 2, 3, 4], "name": "Lesson 1",
                                 "starts_at": "09:15", "ends_at": "10:00"})
    assert response.status_code == 302
    assert LessonPeriod.objects.filter(school=world.school).count() == 5
    clash = client.post(url, {"weekdays": [2], "name": "Assembly", "starts_at": "09:45",
                              "ends_at": "10:15"})
    assert "This overlaps Wednesday Lesson 1" in clash.content.decode()
    backwards = client.post(url, {"weekdays": [2], "name": "Odd", "starts_at": "11:00",
                                  "ends_at": "10:00"})
    assert "The lesson must end after it starts" in backwards.content.decode()
    monday = LessonPeriod.objects.get(school=world.school, weekday=0)
    client.post(reverse("core:lesson_remove", args=[world.school.urn, monday.pk]))
    assert LessonPeriod.objects.filter(school=world.school).count() == 4


def test_lesson_of_another_school_cannot_be_removed(world):
    lesson = LessonPeriod.objects.create(school=world.other_school, weekday=0, name="L1",
                                         starts_at=datetime.time(9), ends_at=datetime.time(10))
    response = signed_in(world.principal).post(
        reverse("core:lesson_remove", args=[world.school.urn, lesson.pk]))
    assert response.status_code == 404
    assert LessonPeriod.objects.filter(pk=lesson.pk).exists()


def test_school_details_are_validated_and_audited(world):
    client = signed_in(world.principal)
    url = reverse("core:school_edit", args=[world.school.urn])
    form = {"name": "Mapledown School", "la_code": "20", "estab": "7001",
            "timezone": "Europe/London", "retention_years_sen": 31, "retention_years_other": 25}
    bad = client.post(url, form)
    assert "Enter the 3-digit local authority code" in bad.content.decode()
    form["la_code"] = "202"
    assert client.post(url, form).status_code == 302
    world.school.refresh_from_db()
    assert world.school.estab == "7001"
    event = AuditEvent.objects.get(action="update", school=world.school)
    assert event.changes["estab"] == ["", "7001"]


def test_school_page_query_count(world, django_assert_num_queries):
    year = _year(world)
    for n, month in enumerate([9, 1, 4]):
        Term.objects.create(academic_year=year, name=f"Term {n}",
                            starts_on=datetime.date(2026 + (month < 9), month, 2),
                            ends_on=datetime.date(2026 + (month < 9), month, 20))
    for day in range(3):
        LessonPeriod.objects.create(school=world.school, weekday=day, name="L1",
                                    starts_at=datetime.time(9), ends_at=datetime.time(10))
    client = signed_in(world.principal)
    client.get(reverse("core:school", args=[world.school.urn]))
    # STAFF_FRAME, the school, lessons, academic years, their terms
    with django_assert_num_queries(STAFF_FRAME + 4):
        client.get(reverse("core:school", args=[world.school.urn]))
