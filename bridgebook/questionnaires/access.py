"""Who may edit questionnaires, send them, answer them and read the answers.

- The SENCO, principal and office (and trust administrators) edit the school's templates
  and send rounds (``PEOPLE_MANAGER_ROLES``); other staff of the school get 403; anyone
  else 404.
- A request is answered only by its own contact, while they are entitled to the pupil
  (``visible_pupils``: a court order recorded after it was sent takes it back). Another
  family member, the other parent in another household among them, gets 404; staff who
  may see the pupil get 403 (they read the answers, they do not give them).
- Staff who may see the pupil read what families sent (the comparison); families never
  read it there (404).
- A voice recording is played to the family member whose answer it is and, once they have
  sent it to school, to staff who may see the pupil; to nobody else (404).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from bridgebook.core.access import (
    PEOPLE_MANAGER_ROLES,
    access_pupil,
    access_school,
    viewer_for,
    visible_pupils,
)
from bridgebook.questionnaires.models import (
    Answer,
    Question,
    QuestionnaireRequest,
    QuestionnaireRound,
    QuestionnaireTemplate,
    VoiceRecording,
)

MANAGER_ROLES = PEOPLE_MANAGER_ROLES  # SENCO, principal, office


def access_manage(user, urn: str):
    return access_school(user, urn, need=MANAGER_ROLES)


def can_manage(user, school) -> bool:
    return viewer_for(user).has_role(school, MANAGER_ROLES)


def access_template(user, urn: str, pk) -> QuestionnaireTemplate:
    school = access_manage(user, urn)
    template = QuestionnaireTemplate.objects.filter(school=school, pk=pk).first()
    if template is None:
        raise Http404
    template.school = school
    return template


def access_question(user, urn: str, pk, *, removed: bool = False) -> Question:
    """A question of the school's; one already removed only where ``removed`` (removing it
    again, a second tap, changes nothing)."""
    school = access_manage(user, urn)
    questions = Question.objects.filter(template__school=school, pk=pk)
    if not removed:
        questions = questions.filter(removed_at__isnull=True)
    question = questions.select_related("template").first()
    if question is None:
        raise Http404
    question.template.school = school
    return question


def access_round(user, urn: str, pk) -> QuestionnaireRound:
    school = access_manage(user, urn)
    found = (QuestionnaireRound.objects.filter(school=school, pk=pk)
             .select_related("template", "sent_by").first())
    if found is None:
        raise Http404
    found.school = school
    return found


def access_answers(user, pupil_id):
    """A pupil whose families' answers the user may read: staff who may see the pupil."""
    viewer = viewer_for(user)
    if not viewer.is_staff_member:
        raise Http404
    return access_pupil(user, pupil_id)


def access_family_request(user, pk) -> QuestionnaireRequest:
    """A request its own family member answers, while entitled to the pupil; staff who may
    see the pupil get 403 (they read the answers, they do not give them); anyone else 404."""
    viewer = viewer_for(user)
    request = (QuestionnaireRequest.objects
               .filter(pk=pk, pupil__in=visible_pupils(user))
               .select_related("round", "round__template", "pupil", "pupil__school",
                               "pupil__school_class", "contact")
               .first())
    if request is None:
        raise Http404
    if viewer.is_staff_member:
        raise PermissionDenied
    if request.contact_id not in viewer.contact_ids:
        raise Http404
    return request


def access_recording(user, token: str) -> VoiceRecording:
    recording = (VoiceRecording.objects.filter(token=token)
                 .select_related("answer__request").first())
    if recording is None:
        raise Http404
    request = recording.answer.request
    if not visible_pupils(user).filter(pk=request.pupil_id).exists():
        raise Http404
    viewer = viewer_for(user)
    if viewer.is_staff_member:
        if request.status != QuestionnaireRequest.Status.SENT:
            raise Http404  # staff hear it once the family member sends it to school
        return recording
    if request.contact_id not in viewer.contact_ids:
        raise Http404
    return recording


def access_sent_answer(user, pk) -> Answer:
    """An answer a family member sent to school, for staff who may see its pupil (the
    pupil's page head annotations come with it: ``answer.request.pupil``)."""
    answer = (Answer.objects.filter(pk=pk, request__status=QuestionnaireRequest.Status.SENT)
              .select_related("question", "request__contact", "request__round").first())
    if answer is None:
        raise Http404
    answer.request.pupil = access_answers(user, answer.request.pupil_id)
    return answer
