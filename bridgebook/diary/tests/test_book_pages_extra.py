"""An empty school entry is refused, not published."""

from django.urls import reverse

from bridgebook.conftest import signed_in
from bridgebook.diary.models import Entry


def test_an_empty_school_entry_is_refused(world):
    client = signed_in(world.class_teacher)
    response = client.post(reverse("diary:entry_new", args=[world.pupil.pk]),
                           {"date_day": "2", "date_month": "11", "date_year": "2026",
                            "publish": "1"})
    assert response.status_code == 200
    assert "Write something in at least one part of the entry" in response.content.decode()
    assert not Entry.objects.filter(pupil=world.pupil).exists()
