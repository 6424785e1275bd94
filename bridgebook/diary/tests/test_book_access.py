"""Every book page against every persona: the exact status each one gets.

200 = may use the page; 302 = did it and was sent on; 403 = may see the thing but not
change it; 404 = may not know it exists; anonymous visitors are sent to sign in.
"""

import datetime

import pytest
from django.urls import reverse

from bridgebook.conftest import PERSONAS, persona, signed_in
from bridgebook.diary.models import Acknowledgement, BookEvent, BookSettings, Entry, Reply
from bridgebook.diary.tests.factories import BookEventFactory, EntryFactory, IncidentFactory

STAFF_SEE = {"class_teacher", "principal", "office", "senco", "therapist", "trust_admin"}
FAMILY = {"parent", "separated_parent"}
SEE_PUPIL = STAFF_SEE | FAMILY
SCHOOL_STAFF = STAFF_SEE | {"other_teacher"}
BOOK_MANAGERS = {"class_teacher", "principal", "office", "senco", "trust_admin"}
DAY = datetime.date(2026, 3, 3)


def _status(allowed: set, visible: set, ok: int = 200) -> dict[str, int]:
    return {name: ok if name in allowed else 403 if name in visible else 404
            for name in PERSONAS if name != "anonymous"}


def _published(w):
    return EntryFactory(pupil=w.pupil, date=DAY, author=w.class_teacher)


def _draft(w):
    return EntryFactory(pupil=w.pupil, date=DAY, status=Entry.Status.DRAFT, published_at=None)


def _home(w):
    """Layla's own entry from home: her household's, not shared with Omar's."""
    return EntryFactory(pupil=w.pupil, date=DAY, origin=Entry.Origin.HOME, author=w.parent,
                        household=w.parent_contact.household, note="", home_news="Beach")


def _shared_home(w):
    return EntryFactory(pupil=w.pupil, date=DAY, origin=Entry.Origin.HOME, author=w.parent,
                        household=w.parent_contact.household, note="", home_news="Park",
                        shared_with_all=True)


def _event(w):
    return BookEventFactory(school=w.school, school_class=w.class_a, date=DAY)


def _draft_event(w):
    return BookEventFactory(school=w.school, school_class=w.class_a, date=DAY,
                            published_at=None)


GET_PAGES = [
    ("book", lambda w: [w.pupil.pk], _status(SEE_PUPIL, set())),
    ("entry_new", lambda w: [w.pupil.pk], _status(SEE_PUPIL, set())),
    ("entry", lambda w: [_published(w).pk], _status(SEE_PUPIL, set())),
    ("entry", lambda w: [_draft(w).pk], _status(STAFF_SEE, set())),
    ("entry_edit", lambda w: [_published(w).pk], _status(STAFF_SEE, FAMILY)),
    ("entry_edit", lambda w: [_home(w).pk],
     _status({"parent"}, STAFF_SEE)),
    # A home entry is read by staff and the writer's household; by Omar, who lives
    # elsewhere, only when Layla shares it.
    ("entry", lambda w: [_home(w).pk], _status(STAFF_SEE | {"parent"}, set())),
    ("entry", lambda w: [_shared_home(w).pk], _status(SEE_PUPIL, set())),
    ("entry_history", lambda w: [_published(w).pk], _status(SEE_PUPIL, set())),
    ("book_settings", lambda w: [w.pupil.pk], _status(BOOK_MANAGERS, SEE_PUPIL)),
    ("event_new", lambda w: [w.school.urn], _status(SCHOOL_STAFF, set())),
    ("event", lambda w: [_event(w).pk], _status(SCHOOL_STAFF | FAMILY, set())),
]
GET_CASES = [(page, name) for page in GET_PAGES for name in PERSONAS]


def _id(case) -> str:
    (url_name, _args, expected), name = case
    return f"{url_name}-{len(set(expected.values()))}-{name}"


def test_the_tables_name_every_page():
    from bridgebook.diary import urls, views

    mine = {p.name for p in urls.urlpatterns if p.callback.__module__ == views.__name__}
    named = {page[0] for page in GET_PAGES} | {page[0] for page in POST_PAGES}
    assert named == mine


@pytest.mark.parametrize("case", GET_CASES, ids=[_id(case) for case in GET_CASES])
def test_get_status(world, case):
    (url_name, args, expected), name = case
    url = reverse(f"diary:{url_name}", args=args(world))
    response = signed_in(persona(world, name)).get(url)
    if name == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:sign_in"))
    else:
        assert response.status_code == expected[name]


def _incident(w):
    return IncidentFactory(entry=_published(w))


def _snapshot() -> tuple:
    return (list(Entry.objects.order_by("pk").values()), list(Reply.objects.values()),
            list(Acknowledgement.objects.values()), list(BookSettings.objects.values()),
            list(BookEvent.objects.order_by("pk").values()))


# (url name, arguments, form data, expected statuses; 302 = done)
POST_PAGES = [
    ("entry_remove", lambda w: [_published(w).pk], {}, _status(STAFF_SEE, FAMILY, 302)),
    ("reply", lambda w: [_published(w).pk], {"text": "Thanks"}, _status(SEE_PUPIL, set(), 302)),
    ("acknowledge", lambda w: [_incident(w).pk], {}, _status(FAMILY, STAFF_SEE, 302)),
    ("entry_new", lambda w: [w.pupil.pk],
     {"date_day": "3", "date_month": "3", "date_year": "2026", "note": "Hi",
      "home_news": "Hi", "publish": ""}, _status(SEE_PUPIL, set(), 302)),
    ("entry_edit", lambda w: [_published(w).pk],
     {"date_day": "3", "date_month": "3", "date_year": "2026", "note": "Changed",
      "version": "1"}, _status(STAFF_SEE, FAMILY, 302)),
    ("book_settings", lambda w: [w.pupil.pk], {"parts": ["mood"]},
     _status(BOOK_MANAGERS, SEE_PUPIL, 302)),
    # A draft class event is seen, and published, by those who may write it: whole-school
    # staff and the class's own.
    ("event_publish", lambda w: [_draft_event(w).pk], {}, _status(STAFF_SEE, set(), 302)),
]
POST_CASES = [(page, name) for page in POST_PAGES for name in PERSONAS]


def _post_id(case) -> str:
    (url_name, *_rest), name = case
    return f"{url_name}-{name}"


@pytest.mark.parametrize("case", POST_CASES, ids=[_post_id(case) for case in POST_CASES])
def test_post_status_and_refusals_change_nothing(world, case):
    (url_name, args, data, expected), name = case
    url = reverse(f"diary:{url_name}", args=args(world))
    before = _snapshot()
    response = signed_in(persona(world, name)).post(url, data)
    if name == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:sign_in"))
        assert _snapshot() == before
        return
    assert response.status_code == expected[name], response.content.decode()[:2000]
    if expected[name] == 302:
        assert _snapshot() != before
    else:
        assert _snapshot() == before


@pytest.mark.parametrize("url_name", ["entry_remove", "reply", "acknowledge"])
def test_post_only_pages_refuse_get(world, url_name):
    pk = _incident(world).pk if url_name == "acknowledge" else _published(world).pk
    response = signed_in(world.principal).get(reverse(f"diary:{url_name}", args=[pk]))
    assert response.status_code == 405


def test_restricted_parent_sees_nothing_of_the_book(world):
    entry = _published(world)
    client = signed_in(world.restricted_parent)
    for url in (reverse("diary:book", args=[world.pupil.pk]),
                reverse("diary:entry", args=[entry.pk]),
                reverse("diary:entry_history", args=[entry.pk])):
        assert client.get(url).status_code == 404
    assert "Amira" not in client.get(reverse("core:home")).content.decode()
