"""Each rule of the statutory timeline (SEND Regulations 2014 regs 18–22; SEND Code of
Practice 2015 9.166–9.185), and that a deployment can change the periods in one place."""

import datetime

import pytest

from bridgebook.reviews.schedule import (
    Schedule,
    add_months,
    national_curriculum_year,
    schedule,
    school_year_start,
)

D = datetime.date
MEETING = D(2027, 3, 10)


def test_a_review_is_due_12_months_after_the_plan_or_the_last_review():
    rules = Schedule()
    assert rules.due(D(2026, 1, 15), D(2014, 5, 1)) == D(2027, 1, 15)
    # A month without the day ends on its last day.
    assert rules.due(D(2024, 2, 29), D(2014, 5, 1)) == D(2025, 2, 28)


def test_an_under_five_is_reviewed_within_6_months():
    rules = Schedule()
    assert rules.due(D(2026, 1, 15), D(2022, 6, 1)) == D(2026, 7, 15)    # aged 3
    assert rules.due(D(2026, 1, 15), D(2020, 6, 1)) == D(2027, 1, 15)    # aged 5


def test_invitations_go_out_at_least_2_weeks_before():
    assert Schedule().invitations_by(MEETING) == D(2027, 2, 24)


def test_advice_and_information_are_circulated_at_least_2_weeks_before():
    assert Schedule().papers_by(MEETING) == D(2027, 2, 24)


def test_the_report_goes_out_within_2_weeks_after():
    assert Schedule().report_by(MEETING) == D(2027, 3, 24)


def test_the_local_authority_decides_within_4_weeks_of_the_meeting():
    assert Schedule().decision_by(MEETING) == D(2027, 4, 7)


def test_a_proposed_amendment_leaves_15_days_for_comments_and_the_final_plan_8_weeks():
    rules = Schedule()
    assert rules.comments_until(D(2027, 4, 1)) == D(2027, 4, 16)
    assert rules.final_plan_by(D(2027, 4, 1)) == D(2027, 5, 27)


def test_a_phase_transfer_is_amended_by_15_february_or_31_march_for_post16():
    rules = Schedule()
    year6 = D(2016, 3, 1)           # Year 6 in 2026 to 2027
    year11 = D(2011, 3, 1)          # Year 11 in 2026 to 2027
    on = D(2026, 11, 2)
    assert national_curriculum_year(year6, on) == 6
    assert rules.transfer(year6, on) == "school"
    assert rules.transfer_deadline_for("school", on) == D(2027, 2, 15)
    assert rules.transfer(year11, on) == "post16"
    assert rules.transfer_deadline_for("post16", on) == D(2027, 3, 31)
    assert rules.transfer(D(2014, 3, 1), on) == ""          # Year 8: not moving on
    # The pupil's record says otherwise: a move from Year 9, or none from Year 6.
    assert rules.transfer(D(2013, 3, 1), on, "school") == "school"
    assert rules.transfer(year6, on, "none") == ""


def test_from_year_9_a_review_covers_preparing_for_adulthood():
    rules = Schedule()
    on = D(2026, 11, 2)
    assert rules.covers_adulthood(D(2013, 8, 31), on)      # Year 9
    assert not rules.covers_adulthood(D(2013, 9, 1), on)   # Year 8: born a day later


def test_national_curriculum_years_start_in_september():
    assert school_year_start(D(2026, 8, 31)) == 2025
    assert school_year_start(D(2026, 9, 1)) == 2026
    assert national_curriculum_year(D(2021, 9, 1), D(2026, 9, 2)) == 0    # Reception
    assert national_curriculum_year(D(2021, 8, 31), D(2026, 9, 2)) == 1


def test_add_months():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2026, 12, 4), -11) == D(2026, 1, 4)
    assert add_months(D(2026, 3, 15), -13) == D(2025, 2, 15)


def test_a_deployment_changes_the_periods_in_its_settings(settings):
    settings.BRIDGEBOOK_REVIEW_SCHEDULE = {"report_days": 10, "transfer_deadline": (3, 1)}
    rules = schedule()
    assert rules.report_by(MEETING) == D(2027, 3, 20)
    assert rules.transfer_deadline_for("school", D(2026, 11, 2)) == D(2027, 3, 1)
    assert rules.papers_by(MEETING) == D(2027, 2, 24)           # the rest as the law says
    settings.BRIDGEBOOK_REVIEW_SCHEDULE = {"report_weeks": 2}
    with pytest.raises(ValueError, match="report_weeks"):
        schedule()


def test_a_misspelt_period_fails_the_system_check(settings):
    from bridgebook.reviews.apps import check_schedule

    assert check_schedule(None) == []
    settings.BRIDGEBOOK_REVIEW_SCHEDULE = {"report_weeks": 2}
    assert [error.id for error in check_schedule(None)] == ["reviews.E001"]
