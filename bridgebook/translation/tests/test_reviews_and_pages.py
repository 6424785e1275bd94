"""The review queue (request, approve, signal, approved_text, the sender's status) and the
glossary and queue pages for every persona."""

import pytest
from django.urls import reverse
from django.utils import translation

from bridgebook.conftest import PERSONAS, persona, signed_in
from bridgebook.core.models import AuditEvent
from bridgebook.core.tests.queries import STAFF_FRAME
from bridgebook.translation.actions import do_approve_review, request_review
from bridgebook.translation.models import GlossaryTerm, ReviewRequest
from bridgebook.translation.selectors import approved_text, queue_languages
from bridgebook.translation.signals import review_approved

pytestmark = pytest.mark.django_db

REF = "announcement:7"


def _request(world, language="ur", text="School is closed on Monday for training."):
    return request_review(school=world.school, text=text, language=language, ref=REF,
                          requested_by=world.office, purpose="Training day")


def test_review_flow_from_request_to_approval(world, eal_teacher, local_backend,
                                              django_capture_on_commit_callbacks):
    received = []
    review_approved.connect(lambda **kw: received.append((kw["ref"], kw["language"])),
                            weak=False, dispatch_uid="test-review-flow")
    try:
        review = _request(world)
        assert review.status == ReviewRequest.Status.PENDING
        assert review.machine_text == "[ur] School is closed on Monday for training."
        assert approved_text(REF, "ur") is None
        with django_capture_on_commit_callbacks(execute=True):
            do_approve_review(review=review, acting_user=eal_teacher, text=" درست ترجمہ ")
        assert approved_text(REF, "ur") == "درست ترجمہ"
        assert received == [(REF, "ur")]
        # Asking again with the same text keeps the approval; a changed text waits again.
        assert _request(world).status == ReviewRequest.Status.APPROVED
        changed = _request(world, text="School is closed on Tuesday for training.")
        assert changed.pk == review.pk and changed.status == ReviewRequest.Status.PENDING
        assert approved_text(REF, "ur") is None
    finally:
        review_approved.disconnect(dispatch_uid="test-review-flow")
    assert AuditEvent.objects.filter(object_type="reviewrequest").count() == 3


def test_review_without_a_backend_starts_empty(world):
    review = _request(world, language="pl")
    assert review.machine_text == "" and review.machine_backend == "none"


def test_sender_sees_each_languages_status(world, eal_teacher, django_assert_num_queries):
    from django.template import Context, Template

    for language in ("ur", "pl", "ar"):
        _request(world, language=language)
    do_approve_review(review=ReviewRequest.objects.get(language="pl"), acting_user=eal_teacher,
                      text="Szkoła jest zamknięta.")
    template = Template("{% load language_access %}{% review_status ref %}")
    with django_assert_num_queries(1):   # the reviews with their reviewers
        html = template.render(Context({"ref": REF}))
    assert html.count("Waiting for review") == 2
    assert "Approved" in html and "by Eda Eal" in html
    assert 'data-language="ur"' in html and ">Urdu<" in html


# Pages -------------------------------------------------------------------------------------

def _who(world, name, eal_teacher):
    return eal_teacher if name == "eal_teacher" else persona(world, name)


ALL = [*PERSONAS, "eal_teacher"]
GLOSSARY_READ = {"class_teacher", "other_teacher", "principal", "office", "senco", "therapist",
                 "trust_admin", "eal_teacher"}
GLOSSARY_EDIT = {"principal", "office", "senco", "trust_admin", "eal_teacher"}
REVIEWERS = {"principal", "trust_admin", "eal_teacher"}


def _expected(name, allowed, readers):
    if name == "anonymous":
        return 302
    if name in allowed:
        return 200
    if name in readers:
        return 403
    return 404


@pytest.mark.parametrize("name", ALL)
def test_glossary_pages_by_persona(world, eal_teacher, name):
    client = signed_in(_who(world, name, eal_teacher))
    term = GlossaryTerm.objects.get(term="PECS", school=None)
    urn = world.school.urn
    assert client.get(reverse("translation:glossary", args=[urn])).status_code == _expected(
        name, GLOSSARY_READ, GLOSSARY_READ)
    for url in (reverse("translation:glossary_add", args=[urn]),
                reverse("translation:glossary_edit", args=[urn, term.pk]),
                reverse("translation:glossary_translation", args=[urn, term.pk])):
        assert client.get(url).status_code == _expected(name, GLOSSARY_EDIT, GLOSSARY_READ), url


@pytest.mark.parametrize("name", ALL)
def test_review_pages_by_persona(world, eal_teacher, name):
    review = _request(world)
    client = signed_in(_who(world, name, eal_teacher))
    urn = world.school.urn
    staff_here = GLOSSARY_READ
    for url in (reverse("translation:reviews", args=[urn]),
                reverse("translation:review", args=[urn, review.pk])):
        assert client.get(url).status_code == _expected(name, REVIEWERS, staff_here), url
    if name not in REVIEWERS:
        client.post(reverse("translation:review", args=[urn, review.pk]), {"text": "x"})
        assert ReviewRequest.objects.get().status == ReviewRequest.Status.PENDING


def test_another_schools_review_and_term_are_not_found(world, eal_teacher):
    other_review = request_review(school=world.other_school, text="Hi", language="ur",
                                  ref="other:1", requested_by=None)
    other_term = GlossaryTerm.objects.create(school=world.other_school, term="Rebound",
                                             explanation="Rebound therapy.")
    client = signed_in(eal_teacher)
    urn = world.school.urn
    assert client.get(reverse("translation:review", args=[urn, other_review.pk])
                      ).status_code == 404
    assert client.get(reverse("translation:glossary_edit", args=[urn, other_term.pk])
                      ).status_code == 404


def test_eal_teacher_corrects_and_approves_in_the_queue(world, eal_teacher, local_backend):
    review = _request(world)
    _request(world, language="pl")
    client = signed_in(eal_teacher)
    queue = client.get(reverse("translation:reviews", args=[world.school.urn]),
                       {"language": "ur"}).content.decode()
    assert "Training day" in queue and "Urdu" in queue and "Polish" in queue
    page = client.get(reverse("translation:review", args=[world.school.urn, review.pk]))
    html = page.content.decode()
    assert "School is closed on Monday for training." in html
    assert 'lang="ur" dir="rtl"' in html            # the textarea and machine text
    assert "[ur] School is closed" in html
    empty = client.post(reverse("translation:review", args=[world.school.urn, review.pk]),
                        {"text": "  "})
    assert "Enter the translation" in empty.content.decode()
    done = client.post(reverse("translation:review", args=[world.school.urn, review.pk]),
                       {"text": "اسکول پیر کو بند ہے۔"})
    assert done.status_code == 302 and done["Location"].endswith("?language=ur")
    review.refresh_from_db()
    assert review.status == "approved" and review.reviewer == eal_teacher
    assert approved_text(REF, "ur") == "اسکول پیر کو بند ہے۔"


def test_queue_runs_a_fixed_number_of_queries(world, eal_teacher, django_assert_num_queries):
    for index in range(4):
        request_review(school=world.school, text=f"Text {index}", language="ur",
                       ref=f"a:{index}", requested_by=world.office)
    client = signed_in(eal_teacher)
    url = reverse("translation:reviews", args=[world.school.urn])
    client.get(url)
    # STAFF_FRAME; the school; the languages with counts; the reviews with who asked
    with django_assert_num_queries(STAFF_FRAME + 3):
        client.get(url, {"language": "ur"})


def test_glossary_page_runs_a_fixed_number_of_queries(world, django_assert_num_queries):
    for index in range(3):
        GlossaryTerm.objects.create(school=world.school, term=f"Term{index}",
                                    explanation="x", translations={"ur": "y", "pl": "z"})
    client = signed_in(world.class_teacher)
    url = reverse("translation:glossary", args=[world.school.urn])
    client.get(url)
    # STAFF_FRAME; the school; the terms
    with django_assert_num_queries(STAFF_FRAME + 2):
        page = client.get(url)
    html = page.content.decode()
    assert "Term2" in html and 'lang="ur" dir="rtl"' in html
    assert "Add a term" not in html        # a class teacher reads only


def test_glossary_add_change_and_agree(world, eal_teacher):
    client = signed_in(eal_teacher)
    urn = world.school.urn
    response = client.post(reverse("translation:glossary_add", args=[urn]),
                           {"term": "Rebound", "explanation": "Therapy on a trampoline."})
    assert response.status_code == 302
    term = GlossaryTerm.objects.get(term="Rebound")
    assert term.school == world.school
    duplicate = client.post(reverse("translation:glossary_add", args=[urn]),
                            {"term": "Rebound", "explanation": "Again."})
    assert "already in the glossary" in duplicate.content.decode()
    # Changing a standard term makes the school's own copy.
    standard = GlossaryTerm.objects.get(term="MOVE", school=None)
    client.post(reverse("translation:glossary_edit", args=[urn, standard.pk]),
                {"term": "MOVE", "explanation": "Our MOVE programme."})
    standard.refresh_from_db()
    assert standard.explanation.startswith("A programme")
    assert GlossaryTerm.objects.get(term="MOVE", school=world.school).explanation == (
        "Our MOVE programme.")
    client.post(reverse("translation:glossary_translation", args=[urn, term.pk]),
                {"language": "pl", "text": "Rebound (terapia na trampolinie)"})
    term.refresh_from_db()
    assert term.translations == {"pl": "Rebound (terapia na trampolinie)"}
    client.post(reverse("translation:glossary_translation", args=[urn, term.pk]),
                {"language": "pl", "text": ""})
    term.refresh_from_db()
    assert term.translations == {}


def test_principal_may_share_a_term_with_the_trust(world):
    client = signed_in(world.principal)
    client.post(reverse("translation:glossary_add", args=[world.school.urn]),
                {"term": "Hydro", "explanation": "Hydrotherapy pool.", "trust_wide": "on"})
    term = GlossaryTerm.objects.get(term="Hydro")
    assert term.trust == world.school.trust and term.school is None
    other = signed_in(world.other_school_staff).get(
        reverse("translation:glossary", args=[world.other_school.urn]))
    assert "Hydro" in other.content.decode()


# The language the original is written in ------------------------------------------------

def test_review_of_a_text_written_in_polish_translates_from_polish(world, eal_teacher,
                                                                   local_backend):
    from bridgebook.translation.models import TranslationCache

    review = request_review(school=world.school, text="Szkoła jest zamknięta w poniedziałek.",
                            language="ur", ref=REF, requested_by=world.office,
                            purpose="Training day", source="pl")
    assert review.source_language == "pl"
    assert review.machine_text == "[ur] Szkoła jest zamknięta w poniedziałek."
    # The machine was asked to translate from Polish, not from English.
    assert list(TranslationCache.objects.values_list("source", "target")) == [("pl", "ur")]
    html = signed_in(eal_teacher).get(
        reverse("translation:review", args=[world.school.urn, review.pk])).content.decode()
    assert "Original (Polish)" in html and "Original (English)" not in html
    assert ('class="govuk-body bb-review-original" lang="pl" dir="ltr">Szkoła jest zamknięta'
            in html)


def test_review_page_gives_an_arabic_original_its_direction(world, eal_teacher):
    review = request_review(school=world.school, text="المدرسة مغلقة", language="pl", ref=REF,
                            source="ar")
    html = signed_in(eal_teacher).get(
        reverse("translation:review", args=[world.school.urn, review.pk])).content.decode()
    assert "Original (Arabic)" in html
    assert 'bb-review-original" lang="ar" dir="rtl"' in html


def test_same_words_in_another_language_are_reviewed_again(world, eal_teacher,
                                                           local_backend):
    review = _request(world, text="Sport")
    assert review.source_language == "en"
    do_approve_review(review=review, acting_user=eal_teacher, text="کھیل")
    # Asking again exactly as before keeps the approval...
    assert _request(world, text="Sport").status == ReviewRequest.Status.APPROVED
    # ...but the same letters said to be Polish are a different text: check it again.
    again = request_review(school=world.school, text="Sport", language="ur", ref=REF,
                           requested_by=world.office, source="pl")
    assert again.pk == review.pk
    assert (again.status, again.source_language, again.reviewed_text, again.reviewer) == (
        ReviewRequest.Status.PENDING, "pl", "", None)
    again.refresh_from_db()
    assert again.source_language == "pl" and approved_text(REF, "ur") is None


def test_review_page_names_the_languages_in_the_reviewers_language(world, eal_teacher):
    from django.conf import settings
    from django.utils import translation

    review = _request(world, language="ur")
    client = signed_in(eal_teacher)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
    try:
        html = client.get(reverse("translation:review", args=[world.school.urn, review.pk])
                          ).content.decode()
    finally:
        translation.deactivate()   # LocaleMiddleware leaves the request's language active
    heading = "Original (%(language)s)"   # a name, so makemessages leaves it alone
    with translation.override("pl"):
        expected = translation.gettext(heading) % {"language": "angielski"}
    assert f'<h2 class="govuk-heading-m">{expected}</h2>' in html


def test_queue_names_languages_in_the_staff_members_own_interface_language(world):
    request_review(school=world.school, text="Sports day", language="ar", ref="note:1")
    with translation.override("en-gb"):
        assert [row["name"] for row in queue_languages(world.school)] == ["Arabic"]
    with translation.override("pl"):
        assert [row["name"] for row in queue_languages(world.school)] == ["arabski"]
