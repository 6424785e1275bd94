"""Publishing a draft class or whole-school event from its page: who may, what it does
(announced once, audited), and what everyone else gets."""

import datetime

import pytest
from django.urls import reverse

from bridgebook.conftest import signed_in
from bridgebook.core.models import AuditEvent
from bridgebook.diary import hooks
from bridgebook.diary.models import BookEvent
from bridgebook.diary.tests.factories import BookEventFactory

DAY = datetime.date(2026, 3, 3)


@pytest.fixture
def announced():
    """The ids of the events announced (``hooks.event_published``)."""
    sent = []

    def on_event(sender, *, event_id, **kwargs):
        sent.append(event_id)

    hooks.event_published.connect(on_event)
    yield sent
    hooks.event_published.disconnect(on_event)


@pytest.fixture
def draft(world):
    return BookEventFactory(school=world.school, school_class=world.class_a, date=DAY,
                            title="Theatre visit", published_at=None)


def page_url(event) -> str:
    return reverse("diary:event", args=[event.pk])


def publish_url(event) -> str:
    return reverse("diary:event_publish", args=[event.pk])


def publish(user, event, capture, **kwargs):
    with capture(execute=True):
        return signed_in(user).post(publish_url(event), **kwargs)


def test_the_class_teacher_publishes_a_draft_from_its_page(
        world, draft, announced, django_capture_on_commit_callbacks):
    page = signed_in(world.class_teacher).get(page_url(draft)).content.decode()
    assert f'action="{publish_url(draft)}"' in page and "Publish this event" in page
    assert "csrfmiddlewaretoken" in page

    response = publish(world.class_teacher, draft, django_capture_on_commit_callbacks,
                       follow=True)
    assert response.redirect_chain == [(page_url(draft), 302)]
    assert "Event published. It is in the books it concerns." in response.content.decode()
    assert "Publish this event" not in response.content.decode()
    draft.refresh_from_db()
    assert draft.published_at is not None
    # Told once, after the transaction committed, as an event published when written is.
    assert announced == [draft.pk]
    audit = AuditEvent.objects.get(object_type="bookevent", action=AuditEvent.Action.UPDATE)
    assert audit.actor == world.class_teacher and audit.school == world.school
    assert audit.summary == "Published a book event for Class A: Theatre visit"


def test_the_family_sees_it_once_published(world, draft,
                                            django_capture_on_commit_callbacks):
    assert signed_in(world.parent).get(page_url(draft)).status_code == 404
    publish(world.principal, draft, django_capture_on_commit_callbacks)
    assert signed_in(world.parent).get(page_url(draft)).status_code == 200


def test_publishing_twice_tells_the_families_once(world, draft, announced,
                                                  django_capture_on_commit_callbacks):
    publish(world.class_teacher, draft, django_capture_on_commit_callbacks)
    response = publish(world.principal, draft, django_capture_on_commit_callbacks,
                       follow=True)
    assert response.status_code == 200
    assert "This event was already published." in response.content.decode()
    assert announced == [draft.pk]
    assert AuditEvent.objects.filter(object_type="bookevent",
                                     action=AuditEvent.Action.UPDATE).count() == 1


def test_another_class_teacher_gets_not_found(world, draft, announced,
                                              django_capture_on_commit_callbacks):
    assert signed_in(world.other_teacher).get(page_url(draft)).status_code == 404
    response = publish(world.other_teacher, draft, django_capture_on_commit_callbacks)
    assert response.status_code == 404
    assert BookEvent.objects.get().published_at is None and announced == []


@pytest.mark.parametrize("name", ["parent", "separated_parent", "restricted_parent",
                                  "other_school_staff", "outsider"])
def test_families_and_outsiders_get_not_found(world, draft, announced, name,
                                              django_capture_on_commit_callbacks):
    response = publish(getattr(world, name), draft, django_capture_on_commit_callbacks)
    assert response.status_code == 404
    assert BookEvent.objects.get().published_at is None and announced == []
    assert not AuditEvent.objects.filter(object_type="bookevent").exists()


def test_staff_who_may_see_but_not_write_it_are_refused(world, announced,
                                                        django_capture_on_commit_callbacks):
    """A whole-school draft is in every book of the school, so a class teacher sees it;
    only whole-school staff write (and publish) whole-school events."""
    assembly = BookEventFactory(school=world.school, school_class=None, date=DAY,
                                published_at=None)
    page = signed_in(world.other_teacher).get(page_url(assembly))
    assert page.status_code == 200 and "Publish this event" not in page.content.decode()
    response = publish(world.other_teacher, assembly, django_capture_on_commit_callbacks)
    assert response.status_code == 403
    assert BookEvent.objects.get().published_at is None and announced == []


def test_a_family_may_not_publish_an_event_they_can_read(world, announced,
                                                         django_capture_on_commit_callbacks):
    trip = BookEventFactory(school=world.school, school_class=world.class_a, date=DAY)
    page = signed_in(world.parent).get(page_url(trip))
    assert page.status_code == 200 and "Publish this event" not in page.content.decode()
    response = publish(world.parent, trip, django_capture_on_commit_callbacks)
    assert response.status_code == 403 and announced == []


def test_publishing_is_a_post_with_the_form_token(world, draft, announced,
                                                 django_capture_on_commit_callbacks):
    client = signed_in(world.class_teacher)
    assert client.get(publish_url(draft)).status_code == 405
    client.handler.enforce_csrf_checks = True
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(publish_url(draft)).status_code == 403
    assert BookEvent.objects.get().published_at is None and announced == []


def test_a_removed_draft_is_not_found(world, draft, django_capture_on_commit_callbacks):
    BookEvent.objects.filter(pk=draft.pk).update(
        deleted_at=datetime.datetime(2026, 3, 4, tzinfo=datetime.UTC))
    response = publish(world.principal, draft, django_capture_on_commit_callbacks)
    assert response.status_code == 404
