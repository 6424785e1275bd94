"""The demo's home-school book loads once and tells its story; a school year for benchmarks."""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from bridgebook.core.models import Role, School
from bridgebook.core.tests.factories import SchoolFactory, staff
from bridgebook.diary import demo
from bridgebook.diary.models import (
    Acknowledgement,
    Activity,
    BookEvent,
    Entry,
    Incident,
    ReadReceipt,
    Reply,
)
from bridgebook.people import demo as people_demo
from bridgebook.people.models import Contact, Pupil
from bridgebook.people.tests.factories import (
    ClassStaffFactory,
    PupilContactFactory,
    PupilFactory,
    SchoolClassFactory,
)

LONDON = ZoneInfo("Europe/London")
# Wednesday 25 November 2026, before school: the book holds the ten school days before it.
WEDNESDAY = datetime.datetime(2026, 11, 25, 8, 0, tzinfo=LONDON)
TODAY = WEDNESDAY.date()
LATEST = datetime.date(2026, 11, 24)
DEMO_CLASSES = [name for name, _year, _size in people_demo.MAPLEDOWN_CLASSES]
MODELS = [Activity, Entry, Entry.activities.through, BookEvent, Incident, Acknowledgement,
          Reply, ReadReceipt]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def seed_demo(when: datetime.datetime = WEDNESDAY) -> str:
    out = StringIO()
    with time_machine.travel(when, tick=False):
        call_command("seed_demo", "--quiet", stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db) -> str:
    return seed_demo()


def pupil(first: str, last: str) -> Pupil:
    return Pupil.objects.get(legal_first_name=first, legal_last_name=last)


def contact(first: str, last: str) -> Contact:
    return Contact.objects.get(first_name=first, last_name=last)


def latest_school_entry(of: Pupil) -> Entry:
    return Entry.objects.filter(pupil=of, origin=Entry.Origin.SCHOOL).latest("date")


def test_the_school_days_skip_weekends():
    # Monday 23 November back to Tuesday 17th: the weekend of the 21st and 22nd is skipped.
    assert demo.school_days(datetime.date(2026, 11, 23), 5) == [
        datetime.date(2026, 11, 17), datetime.date(2026, 11, 18), datetime.date(2026, 11, 19),
        datetime.date(2026, 11, 20), datetime.date(2026, 11, 23)]
    assert demo.school_days(datetime.date(2026, 11, 22), 1) == [datetime.date(2026, 11, 20)]


def test_seed_demo_loads_the_book_and_says_so(seeded):
    assert "book entries" in seeded
    assert "read receipts" in seeded


def test_a_second_run_changes_nothing(seeded):
    before = counts()
    snapshot = list(Entry.objects.order_by("pk").values())
    output = seed_demo()
    assert counts() == before
    assert list(Entry.objects.order_by("pk").values()) == snapshot
    assert "already loaded" in output


def test_a_run_on_a_later_day_only_adds_the_new_day(seeded):
    before = counts()
    pupils = Pupil.objects.filter(school__urn=people_demo.MAPLEDOWN.urn,
                                  school_class__name__in=DEMO_CLASSES).count()
    seed_demo(WEDNESDAY + datetime.timedelta(days=1))
    after = counts()
    assert after["Entry"] == before["Entry"] + pupils
    assert Entry.objects.filter(date=TODAY, origin=Entry.Origin.SCHOOL).count() == pupils
    for model in [BookEvent, Incident, Acknowledgement]:
        assert after[model.__name__] == before[model.__name__]
    assert Entry.objects.filter(origin=Entry.Origin.HOME).count() == 5


def test_every_demo_pupil_has_the_last_ten_school_days_and_today_is_left_to_write(seeded):
    pupils = Pupil.objects.filter(school__urn=people_demo.MAPLEDOWN.urn,
                                  school_class__name__in=DEMO_CLASSES)
    assert pupils.count() == 32
    expected = demo.school_days(LATEST, 10)
    for each in pupils:
        entries = Entry.objects.filter(pupil=each, origin=Entry.Origin.SCHOOL)
        assert sorted(entries.values_list("date", flat=True)) == expected
        assert set(entries.values_list("status", flat=True)) == {Entry.Status.PUBLISHED}
    assert not Entry.objects.filter(date=TODAY).exists()
    # Oakleigh's pupils are not in the demo book, but Oakleigh has its activity list.
    assert not Entry.objects.filter(pupil__school__urn=people_demo.OAKLEIGH.urn).exists()
    assert Activity.objects.filter(school__urn=people_demo.OAKLEIGH.urn).count() == len(
        demo.ACTIVITIES)


def test_school_entries_are_structured_and_written_about_the_child(seeded):
    entries = Entry.objects.filter(origin=Entry.Origin.SCHOOL).select_related("pupil")
    for entry in entries:
        assert entry.pupil.first_name in entry.note
        assert "good day" not in entry.note.lower()
        assert entry.mood in range(1, 6)
        assert {"snack", "lunch", "drinks"} <= set(entry.food)
        assert entry.author_id is not None
        assert entry.published_at.astimezone(LONDON).date() == entry.date
    assert set(entries.values_list("mood", flat=True)) >= {2, 3, 4, 5}
    assert entries.exclude(stickers=[]).count() > 20
    assert entries.exclude(achievements="").count() > 20
    with_activities = Entry.objects.filter(activities__isnull=False).distinct().count()
    assert with_activities == entries.count()
    amira = latest_school_entry(pupil("Amira", "Hassan"))
    assert "PECS" in amira.note
    assert amira.activities.filter(name="Sensory room").exists()
    assert amira.mood >= 4


def test_a_class_event_for_each_class_and_a_whole_school_assembly(seeded):
    school = School.objects.get(urn=people_demo.MAPLEDOWN.urn)
    assembly = BookEvent.objects.get(school=school, school_class=None)
    assert "assembly" in assembly.title.lower()
    assert assembly.published_at is not None
    assert set(BookEvent.objects.filter(school=school, school_class__isnull=False)
               .values_list("school_class__name", flat=True)) == set(DEMO_CLASSES)


def test_an_acknowledged_accident_and_an_incident_waiting_for_the_family(seeded):
    accident = Incident.objects.get(entry__pupil=pupil("Zofia", "Nowak"))
    assert accident.kind == Incident.Kind.ACCIDENT
    assert list(accident.acknowledgements.values_list("contact", flat=True)) == [
        contact("Agnieszka", "Nowak").pk]
    assert "plaster" in accident.entry.health["first_aid"]
    waiting = Incident.objects.get(entry__pupil=pupil("Rafi", "Ahmed"))
    assert not waiting.acknowledgements.exists()
    assert Acknowledgement.objects.count() == 1


def test_separated_parents_one_has_read_the_latest_entry_the_other_not_yet(seeded):
    amira = pupil("Amira", "Hassan")
    layla, omar = contact("Layla", "Hassan"), contact("Omar", "Hassan")
    assert omar.household_id != layla.household_id
    latest = latest_school_entry(amira)
    assert latest.date == LATEST
    assert list(latest.receipts.values_list("contact", flat=True)) == [layla.pk]
    # Older entries both have read.
    oldest = Entry.objects.filter(pupil=amira, origin=Entry.Origin.SCHOOL).earliest("date")
    assert set(oldest.receipts.values_list("contact", flat=True)) == {layla.pk, omar.pk}


def test_read_receipts_come_only_from_family_members_entitled_to_the_book(seeded):
    assert not ReadReceipt.objects.filter(contact=contact("Dean", "Turner")).exists()
    for receipt in ReadReceipt.objects.select_related("entry", "contact"):
        link = receipt.contact.pupil_links.get(pupil_id=receipt.entry.pupil_id)
        assert link.is_entitled
        assert receipt.read_at >= receipt.entry.published_at


def test_home_entries_and_replies_from_families_with_their_own_accounts(seeded):
    home = Entry.objects.filter(origin=Entry.Origin.HOME).select_related("author", "pupil")
    assert home.count() == 5
    layla = contact("Layla", "Hassan")
    weekend = home.get(pupil__legal_first_name="Amira")
    assert weekend.date.weekday() == 6  # written on Sunday evening
    assert weekend.author_id == layla.user_id
    assert weekend.home_news and weekend.sleep
    # Her household's, in the language she wrote it in (English), not shared with Omar's.
    assert (weekend.household_id, weekend.language, weekend.shared_with_all) == (
        layla.household_id, "en", False)
    # Sadia writes in Urdu, with a question for school.
    sadia = contact("Sadia", "Khan")
    urdu = home.get(pupil__legal_first_name="Zara")
    assert (urdu.author_id, urdu.language) == (sadia.user_id, "ur")
    assert urdu.question and urdu.replies.get().from_family is False
    assert weekend.replies.get().author.email == "hannah.price@mapledown.example"
    # The writer has read what she wrote; her former partner's copy is still unread.
    assert list(weekend.receipts.values_list("contact", flat=True)) == [layla.pk]
    thread = latest_school_entry(pupil("Amira", "Hassan")).replies.order_by("created_at")
    assert [reply.author_id for reply in thread][0] == layla.user_id
    assert [(reply.from_family, reply.household_id) for reply in thread] == [
        (True, layla.household_id), (False, None)]
    assert thread.count() == 2
    # A family account made here is the one the family sign-in finds later.
    assert layla.user.email == layla.email
    assert not layla.user.has_usable_password()


# A school year, for benchmarks --------------------------------------------------------------

@pytest.fixture
def small_trust(db):
    school = SchoolFactory(urn="109001")
    school_class = SchoolClassFactory(school=school, name="Class A")
    teacher = staff(school, Role.CLASS_TEACHER, email="teacher@school.example")
    ClassStaffFactory(school_class=school_class, user=teacher)
    for n in range(10):
        child = PupilFactory(school=school, school_class=school_class)
        PupilContactFactory(pupil=child, contact__email=f"parent{n}@family.example")
    return school


def test_seed_book_year_writes_one_school_entry_a_pupil_a_day(small_trust):
    end = datetime.date(2026, 11, 20)
    made = demo.seed_book_year(Pupil.objects.filter(school=small_trust), days=5, end=end)
    school_entries = Entry.objects.filter(origin=Entry.Origin.SCHOOL)
    assert made["school entries"] == school_entries.count() == 10 * 5
    assert set(school_entries.values_list("date", flat=True)) == set(
        demo.school_days(end, 5))
    for child in Pupil.objects.filter(school=small_trust):
        assert school_entries.filter(pupil=child).count() == 5
    assert made["entry activities"] == Entry.activities.through.objects.count() >= 50
    assert made["read receipts"] == ReadReceipt.objects.count() > 0
    assert made["activities"] == len(demo.ACTIVITIES)
    assert made["family users"] == 10
    assert made["events"] == BookEvent.objects.count() >= 1  # Friday's assembly at least


def test_seed_book_year_again_adds_only_missing_days(small_trust):
    end = datetime.date(2026, 11, 20)
    demo.seed_book_year([small_trust.pk], days=5, end=end)
    before = counts()
    again = demo.seed_book_year([small_trust.pk], days=5, end=end)
    assert counts() == before
    assert not any(again.values())
    longer = demo.seed_book_year([small_trust.pk], days=8, end=end)
    assert longer["school entries"] == 10 * 3


def test_the_year_reads_back_like_any_entry_and_later_ids_follow_on(small_trust):
    demo.seed_book_year([small_trust.pk], days=10, end=datetime.date(2026, 11, 20))
    entry = Entry.objects.filter(origin=Entry.Origin.SCHOOL).select_related("pupil").first()
    assert {"snack", "lunch", "drinks"} <= set(entry.food)
    assert isinstance(entry.stickers, list)
    assert entry.health == {} and entry.symbols == [] and entry.version == 1
    assert entry.deleted_at is None and entry.sleep == ""
    assert entry.published_at.astimezone(LONDON).hour == 15
    assert entry.pupil.first_name in entry.note
    for receipt in ReadReceipt.objects.select_related("entry")[:50]:
        assert receipt.read_at > receipt.entry.published_at
    home = Entry.objects.filter(origin=Entry.Origin.HOME).first()
    assert home.date.weekday() == 6 and home.home_news and home.author.contacts.exists()
    biggest = Entry.objects.order_by("-pk").values_list("pk", flat=True).first()
    later = Entry.objects.create(pupil=entry.pupil, origin=Entry.Origin.SCHOOL,
                                 date=datetime.date(2026, 11, 23))
    assert later.pk > biggest
