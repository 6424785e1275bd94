"""Families find their conversations: from the landing page (each child with the messages
from school still unread), from the conversations inbox, and from the child's book, where
they can start a conversation and reply. Query counts stay fixed as conversations grow."""

import re

import pytest
from django.urls import reverse

from bridgebook.conftest import signed_in
from bridgebook.core.tests.queries import FAMILY_FRAME, family_landing
from bridgebook.messaging import actions
from bridgebook.messaging.models import Conversation, ConversationMessage
from bridgebook.people.tests.factories import PupilContactFactory, PupilFactory

SIZES = pytest.mark.parametrize("rows", [3, 6])


@pytest.fixture
def sibling(world):
    """Amira's younger brother in Class A, so Layla has two children."""
    brother = PupilFactory(school=world.school, school_class=world.class_a,
                           legal_first_name="Yusuf", legal_last_name="Hassan")
    PupilContactFactory(pupil=brother, contact=world.parent_contact)
    return brother


def _write(world, pupil, count: int, django_capture_on_commit_callbacks) -> list:
    """``count`` conversations from the class teacher about ``pupil``, one message each."""
    started = []
    with django_capture_on_commit_callbacks(execute=True):
        for index in range(count):
            started.append(actions.do_start_conversation(
                pupil=pupil, author=world.class_teacher, subject=f"Topic {index}",
                body=f"Message {index} about {pupil.legal_first_name}").conversation)
    return started


def _unread_tag(page: str, pupil, tag_class: str = "bb-unread") -> int | None:
    """The unread count shown beside the link to a child's conversations, if any."""
    link = reverse("messaging:pupil_conversations", args=[pupil.pk])
    found = re.search(rf'<strong class="govuk-tag {tag_class}">(\d+) unread</strong> '
                      rf'<a class="govuk-link" href="{link}">', page)
    if found is None:
        found = re.search(rf'<a class="govuk-link" href="{link}">(?:[^<]|</?bdi>)*</a> '
                          rf'<strong class="govuk-tag {tag_class}">(\d+) unread</strong>', page)
    return int(found.group(1)) if found else None


# The landing page ------------------------------------------------------------------------

@SIZES
def test_landing_shows_each_childs_conversations_with_unread_counts(
        world, sibling, rows, django_capture_on_commit_callbacks, django_assert_num_queries):
    about_amira = _write(world, world.pupil, rows, django_capture_on_commit_callbacks)
    _write(world, sibling, 1, django_capture_on_commit_callbacks)
    client = signed_in(world.parent)
    client.get(reverse("core:home"))     # warm the session
    # session, user, the Viewer; the children with school and class, then each app's
    # count over them: unread book entries, unread conversation messages, unread messages
    with django_assert_num_queries(family_landing()):
        page = client.get(reverse("core:home")).content.decode()
    assert _unread_tag(page, world.pupil) == rows
    assert _unread_tag(page, sibling) == 1
    assert "Conversations with school about <bdi>Amira</bdi>" in page
    assert "Conversations with school about <bdi>Yusuf</bdi>" in page
    assert f'href="{reverse("announcements:inbox")}"' in page      # the messages inbox
    # Reading one conversation about Amira leaves the rest unread.
    client.get(reverse("messaging:conversation", args=[about_amira[0].pk]))
    page = client.get(reverse("core:home")).content.decode()
    assert _unread_tag(page, world.pupil) == rows - 1
    assert _unread_tag(page, sibling) == 1


def test_landing_counts_are_each_readers_own(world, django_capture_on_commit_callbacks):
    (conversation,) = _write(world, world.pupil, 1, django_capture_on_commit_callbacks)
    layla = signed_in(world.parent)
    layla.get(reverse("messaging:conversation", args=[conversation.pk]))
    page = layla.get(reverse("core:home")).content.decode()
    assert _unread_tag(page, world.pupil) is None
    assert "Conversations with school about <bdi>Amira</bdi>" in page
    # Omar lives apart and has his own conversation, still unread; his own reply adds
    # nothing.
    omar = signed_in(world.separated_parent)
    assert _unread_tag(omar.get(reverse("core:home")).content.decode(), world.pupil) == 1
    assert omar.get(reverse("messaging:conversation", args=[conversation.pk])
                    ).status_code == 404
    his = Conversation.objects.get(contacts=world.separated_contact)
    thread = reverse("messaging:conversation", args=[his.pk])
    omar.post(thread, {"body": "Thanks"}, follow=True)      # lands on the thread: read
    assert _unread_tag(omar.get(reverse("core:home")).content.decode(), world.pupil) is None
    restricted = signed_in(world.restricted_parent).get(reverse("core:home")).content.decode()
    assert reverse("messaging:pupil_conversations", args=[world.pupil.pk]) not in restricted


# The family's conversations inbox -------------------------------------------------------

@SIZES
def test_family_inbox_shows_unread_per_child_in_a_fixed_number_of_queries(
        world, sibling, rows, django_capture_on_commit_callbacks, django_assert_num_queries):
    _write(world, world.pupil, rows, django_capture_on_commit_callbacks)
    client = signed_in(world.parent)
    url = reverse("messaging:inbox")
    client.get(url)
    # FAMILY_FRAME; the children with their unread conversation messages
    with django_assert_num_queries(FAMILY_FRAME + 1):
        page = client.get(url).content.decode()
    assert _unread_tag(page, world.pupil, "govuk-tag--blue") == rows
    assert _unread_tag(page, sibling, "govuk-tag--blue") is None
    assert "Conversations with school about <bdi>Yusuf</bdi>" in page
    assert f'href="{reverse("announcements:inbox")}"' in page


# From the book ---------------------------------------------------------------------------

def test_family_starts_and_replies_to_a_conversation_from_the_book(world):
    client = signed_in(world.parent)
    book = client.get(reverse("diary:book", args=[world.pupil.pk])).content.decode()
    link = reverse("messaging:pupil_conversations", args=[world.pupil.pk])
    assert f'<a class="govuk-link" href="{link}">Conversations with school about Amira</a>' \
        in book
    listing = client.get(link).content.decode()
    new = reverse("messaging:conversation_new", args=[world.pupil.pk])
    assert f'href="{new}"' in listing
    response = client.post(new, {"subject": "Swimming kit", "body": "Does she need goggles?"})
    assert response.status_code == 302
    message = ConversationMessage.objects.get(body="Does she need goggles?")
    assert message.from_family and message.conversation.pupil == world.pupil
    thread = reverse("messaging:conversation", args=[message.conversation_id])
    assert response["Location"] == thread
    assert client.post(thread, {"body": "And a towel?"}).status_code == 302
    assert message.conversation.messages.count() == 2


def test_staff_see_the_family_conversations_from_the_book(world):
    book = signed_in(world.class_teacher).get(
        reverse("diary:book", args=[world.pupil.pk])).content.decode()
    link = reverse("messaging:pupil_conversations", args=[world.pupil.pk])
    assert f'<a class="govuk-link" href="{link}">Conversations with Amira’s family</a>' in book
