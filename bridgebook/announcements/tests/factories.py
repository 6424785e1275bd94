import factory

from bridgebook.announcements.models import Announcement


class AnnouncementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Announcement

    subject = "Sports day"
    body = "Sports day is on Friday. Please send a sun hat."
    audience = Announcement.Audience.SCHOOL
