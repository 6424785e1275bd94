"""Factories for the book. Entries are written through actions in tests that check
behaviour; these make rows directly for tests that only need something to read."""

import datetime
import io
import uuid

import factory
from django.core.files.base import ContentFile
from PIL import Image

from bridgebook.core.tests.factories import SchoolFactory
from bridgebook.diary.models import (
    Activity,
    BookEvent,
    Entry,
    Incident,
    Photo,
    ReadReceipt,
    Reply,
)
from bridgebook.people.tests.factories import PupilFactory


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"Activity {n}")


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entry

    pupil = factory.SubFactory(PupilFactory)
    origin = Entry.Origin.SCHOOL
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
    status = Entry.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))
    note = "A good day."


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident

    entry = factory.SubFactory(EntryFactory)
    kind = Incident.Kind.ACCIDENT
    happened_at = datetime.time(11, 30)
    what_happened = "Tripped in the playground and grazed a knee."
    action_taken = "Cleaned and a plaster put on."
    who_was_told = "Class teacher"


class ReplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reply

    entry = factory.SubFactory(EntryFactory)
    text = "Thank you!"


class ReadReceiptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReadReceipt

    entry = factory.SubFactory(EntryFactory)


class BookEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BookEvent

    school = factory.SubFactory(SchoolFactory)
    date = datetime.date(2026, 3, 2)
    title = factory.Sequence(lambda n: f"Assembly {n}")
    published_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))


def tiny_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 120, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def make_photo(*, school, date, pupils=(), entry=None, event=None, alt_text="Painting") -> Photo:
    """A Photo row with a real tiny JPEG saved under MEDIA_ROOT (a temporary folder)."""
    token = uuid.uuid4().hex
    photo = Photo(school=school, date=date, token=token, alt_text=alt_text, entry=entry,
                  event=event, width=4, height=3)
    photo.image.save(f"{token}.jpg", ContentFile(tiny_jpeg()), save=False)
    photo.width, photo.height = 4, 3
    photo.save()
    if pupils:
        photo.pupils.set(pupils)
    return photo
