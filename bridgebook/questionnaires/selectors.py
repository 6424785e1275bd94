"""What the questionnaire pages read, each with a fixed number of queries however many
questions, answers and family members there are."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from bridgebook.diary import symbols
from bridgebook.questionnaires.models import (
    TOPIC_ORDER,
    Answer,
    Kind,
    Question,
    QuestionnaireRequest,
    QuestionnaireRound,
    QuestionnaireTemplate,
    Topic,
)
from bridgebook.questionnaires.recordings import recording_url

SENT = QuestionnaireRequest.Status.SENT
OPEN = QuestionnaireRequest.Status.OPEN


# Families --------------------------------------------------------------------------------

def waiting_counts(viewer, pupil_ids) -> dict[int, int]:
    """Per child: the family member's questionnaires not yet sent to school (one query)."""
    rows = (QuestionnaireRequest.objects
            .filter(contact_id__in=viewer.contact_ids, pupil_id__in=pupil_ids, status=OPEN)
            .order_by().values_list("pupil_id").annotate(n=Count("pk")))
    return dict(rows)


def family_requests(viewer, pupil) -> list[QuestionnaireRequest]:
    """The family member's own questionnaires about a child, newest first (one query)."""
    return list(QuestionnaireRequest.objects
                .filter(contact_id__in=viewer.contact_ids, pupil=pupil)
                .select_related("round").order_by("-round__sent_on", "-pk"))


def round_questions(round_: QuestionnaireRound) -> list[Question]:
    """The questions a round was sent with, in its order (one query)."""
    found = {q.pk: q for q in Question.objects.filter(pk__in=round_.question_ids)}
    return [found[pk] for pk in round_.question_ids if pk in found]


def answers_by_question(request: QuestionnaireRequest) -> dict[int, Answer]:
    """A request's answers by question id, with their recordings (one query)."""
    return {answer.question_id: answer for answer in
            Answer.objects.filter(request=request).select_related("recording")}


# Staff -----------------------------------------------------------------------------------

def templates_for(school) -> list[QuestionnaireTemplate]:
    """The school's templates with how many questions each asks (one query)."""
    return list(QuestionnaireTemplate.objects.filter(school=school).annotate(
        asked=Count("questions", filter=_live_questions())))


def _live_questions():
    return Q(questions__removed_at__isnull=True)


def rounds_for(school, *, limit: int = 50) -> list[QuestionnaireRound]:
    """The school's rounds, newest first, with how many requests each has and how many
    were sent to school (one query)."""
    return list(QuestionnaireRound.objects.filter(school=school)
                .annotate(asked=Count("requests"),
                          returned=Count("requests", filter=Q(requests__status=SENT)))
                [:limit])


def template_questions(template) -> list[dict]:
    """A template's questions grouped by topic, in order: [{"topic", "label",
    "questions"}] (one query)."""
    questions = list(Question.objects.filter(template=template, removed_at__isnull=True)
                     .order_by("position", "pk"))
    return group_by_topic(questions)


def group_by_topic(items, topic_of=lambda question: question.topic) -> list[dict]:
    """``items`` (questions, or rows about them) by topic in the template's order of
    topics, each topic's in the order given: [{"topic", "label", "questions"}]."""
    labels = dict(Topic.choices)
    groups: dict[str, list] = {}
    for item in sorted(items, key=lambda item: TOPIC_ORDER.get(topic_of(item), 99)):
        groups.setdefault(topic_of(item), []).append(item)
    return [{"topic": topic, "label": labels.get(topic, topic), "questions": grouped}
            for topic, grouped in groups.items()]


def round_requests(round_: QuestionnaireRound) -> list[QuestionnaireRequest]:
    """A round's requests with their pupils and contacts, by pupil (one query)."""
    return list(round_.requests.select_related("pupil", "contact", "pupil__school_class")
                .order_by("pupil__legal_last_name", "pupil__legal_first_name", "pupil_id",
                          "contact__last_name", "contact_id"))


def pupil_rounds(pupil) -> list[QuestionnaireRound]:
    """The rounds a pupil was part of, newest first, each with ``pupil_requests`` (this
    pupil's requests and their contacts): two queries."""
    requests = (QuestionnaireRequest.objects.filter(pupil=pupil).select_related("contact")
                .order_by("contact__last_name", "contact_id"))
    return list(QuestionnaireRound.objects.filter(requests__pupil=pupil).distinct()
                .order_by("-sent_on", "-pk")
                .prefetch_related(Prefetch("requests", queryset=requests,
                                           to_attr="pupil_requests")))


# Comparing rounds ------------------------------------------------------------------------

CHANGED, NEW, SAME, GONE, NONE = "changed", "new", "same", "gone", "none"


@dataclass
class Shown:
    """An answer as a page shows it."""
    answer: Answer
    question: Question
    words: list[str] = field(default_factory=list)
    pictures: list[dict] = field(default_factory=list)
    point: int | None = None
    audio_url: str = ""

    @property
    def text(self) -> str:
        return self.answer.text

    @property
    def language(self) -> str:
        return self.answer.language


def shown(answer: Answer | None, question: Question) -> Shown | None:
    if answer is None or answer.is_empty:
        return None
    item = Shown(answer=answer, question=question)
    if question.kind == Kind.SCALE and answer.choices:
        # A point, as scale answers are kept (a question's kind is fixed once answered).
        item.point = int(answer.choices[0]) if str(answer.choices[0]).isdigit() else None
    elif question.has_options:
        for key in answer.choices:
            label = question.option_label(key)
            item.words.append(label)
            symbol = question.option_symbol(key)
            if symbol and symbols.is_known(symbol):
                item.pictures.append({"label": label, "url": symbols.symbol_url(symbol)})
    if answer.has_recording:
        item.audio_url = recording_url(answer.recording)
    return item


def change_between(before: Shown | None, now: Shown | None) -> str:
    if before is None and now is None:
        return NONE
    if before is None:
        return NEW
    if now is None:
        return GONE
    same = (before.answer.choices == now.answer.choices
            and " ".join(before.text.split()) == " ".join(now.text.split())
            and bool(before.audio_url) == bool(now.audio_url)
            and (not now.audio_url or before.answer.recording.pk == now.answer.recording.pk))
    return SAME if same else CHANGED


@dataclass
class Respondent:
    contact: object
    before: Shown | None
    now: Shown | None
    change: str

    @property
    def moved(self) -> int | None:
        """How far a scale's point moved (up is positive), or None."""
        if self.before and self.now and self.before.point and self.now.point:
            return self.now.point - self.before.point
        return None

    @property
    def moved_by(self) -> int | None:
        moved = self.moved
        return abs(moved) if moved is not None else None


@dataclass
class Comparison:
    current: QuestionnaireRound | None
    previous: QuestionnaireRound | None
    rounds: list[QuestionnaireRound]
    topics: list[dict]
    waiting: list[QuestionnaireRequest]      # this round's requests not sent yet
    changed: int = 0

    def sources(self) -> list[tuple[str, str]]:
        """(language, text) of everything the page shows that may be translated."""
        pairs = []
        for group in self.topics:
            for row in group["questions"]:
                pairs += [("en", row["question"].text), ("en", row["question"].hint)]
                for respondent in row["respondents"]:
                    for item in (respondent.before, respondent.now):
                        if item is not None and item.text:
                            pairs.append((item.language, item.text))
        return pairs


def comparison(pupil, round_id=None) -> Comparison:
    """A pupil's answers to a round (``round_id``, else their latest) beside the answers
    to the round of the same questionnaire before it, per question and per family member,
    with what changed. Only answers family members sent to school. Four queries: the
    pupil's rounds, the two rounds' requests, their answers (with recordings) and the
    questions."""
    rounds = list(QuestionnaireRound.objects.filter(requests__pupil=pupil).distinct()
                  .order_by("-sent_on", "-pk"))
    current = next((r for r in rounds if str(r.pk) == str(round_id)), None) if round_id \
        else (rounds[0] if rounds else None)
    if current is None:
        return Comparison(current=None, previous=None, rounds=rounds, topics=[], waiting=[])
    earlier = [r for r in rounds if r.template_id == current.template_id
               and (r.sent_on, r.pk) < (current.sent_on, current.pk)]
    previous = earlier[0] if earlier else None
    round_ids = [current.pk] + ([previous.pk] if previous else [])
    requests = list(QuestionnaireRequest.objects.filter(pupil=pupil, round_id__in=round_ids)
                    .select_related("contact").order_by("contact__last_name", "contact_id"))
    sent_ids = [r.pk for r in requests if r.status == SENT]
    answers = list(Answer.objects.filter(request_id__in=sent_ids)
                   .select_related("recording"))
    question_ids = list(dict.fromkeys(
        current.question_ids + (previous.question_ids if previous else [])))
    questions = {q.pk: q for q in Question.objects.filter(pk__in=question_ids)}
    request_of = {r.pk: r for r in requests}
    found: dict[tuple[int, int, int], Answer] = {}
    for answer in answers:
        request = request_of[answer.request_id]
        found[(request.round_id, answer.question_id, request.contact_id)] = answer
    contacts: dict[int, object] = {}
    for request in requests:
        if request.status == SENT:
            contacts.setdefault(request.contact_id, request.contact)
    rows = []
    changed = 0
    for pk in question_ids:
        question = questions.get(pk)
        if question is None:
            continue
        respondents = []
        for contact_id, contact in contacts.items():
            before = shown(found.get((previous.pk, pk, contact_id)), question) \
                if previous else None
            now = shown(found.get((current.pk, pk, contact_id)), question)
            change = change_between(before, now) if previous else (NEW if now else NONE)
            if previous and change in (CHANGED, NEW, GONE):
                changed += 1
            respondents.append(Respondent(contact=contact, before=before, now=now,
                                          change=change))
        rows.append({"question": question, "topic": question.topic,
                     "in_current": pk in current.question_ids, "respondents": respondents})
    topics = group_by_topic(rows, topic_of=lambda row: row["topic"])
    waiting = [r for r in requests if r.round_id == current.pk and r.status != SENT]
    return Comparison(current=current, previous=previous, rounds=rounds, topics=topics,
                      waiting=waiting, changed=changed)
