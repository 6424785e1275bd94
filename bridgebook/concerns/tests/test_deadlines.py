"""School days: weekdays in term, counted from the day after a concern is raised."""

import datetime

import pytest

from bridgebook.concerns.deadlines import SchoolCalendar, school_days_after
from bridgebook.core.models import AcademicYear, Term

D = datetime.date
NO_TERMS = SchoolCalendar(terms=())
# Spring 2026 with a half-term week (16–20 February), then the Easter holiday.
SPRING = SchoolCalendar(terms=((D(2026, 1, 5), D(2026, 2, 13)),
                               (D(2026, 2, 23), D(2026, 3, 27)),
                               (D(2026, 4, 13), D(2026, 7, 21))))


@pytest.mark.parametrize("start,count,due", [
    (D(2026, 3, 3), 2, D(2026, 3, 5)),     # Tuesday → Thursday
    (D(2026, 3, 6), 2, D(2026, 3, 10)),    # Friday → Tuesday (not the weekend)
    (D(2026, 3, 7), 2, D(2026, 3, 10)),    # raised on a Saturday: Monday is the first
    (D(2026, 3, 8), 1, D(2026, 3, 9)),     # Sunday → Monday
    (D(2026, 3, 3), 0, D(2026, 3, 3)),
    (D(2026, 3, 2), 5, D(2026, 3, 9)),     # a whole week
])
def test_weekdays_when_no_terms_are_known(start, count, due):
    assert NO_TERMS.add(start, count) == due


def test_half_term_does_not_count():
    # Thursday 12 February, two school days: Friday 13th, then Monday 23rd after half term.
    assert SPRING.add(D(2026, 2, 12), 2) == D(2026, 2, 23)
    # Raised during half term: the first school day back is the first day.
    assert SPRING.add(D(2026, 2, 18), 2) == D(2026, 2, 24)


def test_the_easter_holiday_does_not_count():
    assert SPRING.add(D(2026, 3, 26), 3) == D(2026, 4, 14)


def test_after_the_last_known_term_weekdays_count_again():
    assert SPRING.add(D(2026, 7, 21), 2) == D(2026, 7, 23)
    assert SPRING.is_school_day(D(2026, 8, 3))
    assert not SPRING.is_school_day(D(2026, 2, 17))
    assert not SPRING.is_school_day(D(2026, 3, 7))


def test_school_days_between():
    assert SPRING.between(D(2026, 2, 12), D(2026, 2, 23)) == 2
    assert SPRING.between(D(2026, 3, 3), D(2026, 3, 3)) == 0
    assert SPRING.between(D(2026, 3, 6), D(2026, 3, 9)) == 1
    assert NO_TERMS.between(D(2026, 3, 2), D(2026, 3, 16)) == 10


def test_a_schools_own_terms_are_read_once(world, django_assert_num_queries):
    year = AcademicYear.objects.create(school=world.school, name="2025/26",
                                       starts_on=D(2025, 9, 1), ends_on=D(2026, 7, 31))
    Term.objects.create(academic_year=year, name="Spring", starts_on=D(2026, 1, 5),
                        ends_on=D(2026, 2, 13))
    Term.objects.create(academic_year=year, name="Spring 2", starts_on=D(2026, 2, 23),
                        ends_on=D(2026, 3, 27))
    with django_assert_num_queries(1):
        assert school_days_after(world.school, D(2026, 2, 13), 1) == D(2026, 2, 23)
    # Another school's terms are not Mapledown's.
    assert school_days_after(world.other_school, D(2026, 2, 13), 1) == D(2026, 2, 16)
