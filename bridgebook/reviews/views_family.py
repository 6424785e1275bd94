"""The family's side of a child's annual review, on their phone and in their language: when
and where the meeting is and who is coming, whether the time suits them, the papers, what
happens next in plain words with the real dates, the views they gave (in words, pictures
or their voice), and once the meeting is over the report and the child's new targets.

A separated parent reads only their own household's part: the family invited from another
household is never named to them, and the views of another household are never shown.
Staff who work with the child may write down the child's views here too.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bridgebook.core.access import viewer_for
from bridgebook.core.navigation import show_school
from bridgebook.diary import symbols
from bridgebook.questionnaires.recordings import MAX_MEGABYTES
from bridgebook.reviews import actions, notifications
from bridgebook.reviews.access import (
    access_review,
    can_add_advice,
    readable_contributions,
    readable_papers,
)
from bridgebook.reviews.forms_family import (
    DOES_NOT_SUIT,
    SUITS,
    AnswerForm,
    ViewsForm,
    symbol_groups,
)
from bridgebook.reviews.models import Contribution, Invitee, Paper, Review
from bridgebook.reviews.notifications import when
from bridgebook.reviews.schedule import Schedule, schedule
from bridgebook.reviews.selectors import clock_for, long_date
from bridgebook.translation.display import translate_sources

Stage = Review.Stage
Decision = Review.Decision


# What happens next -------------------------------------------------------------------------

def next_steps(review: Review, *, rules: Schedule | None = None,
               today: datetime.date | None = None) -> list[str]:
    """What happens next at the review's stage, in plain words with the real dates, in
    the active language (for a reading age of about nine: short sentences, one thing each).
    """
    rules = rules or schedule()
    today = today or timezone.localdate()
    name = review.pupil.first_name
    meeting = review.meeting_day
    held = review.held_on or meeting
    stage = review.stage
    steps: list[str] = []
    if stage == Stage.CANCELLED:
        return [_("This meeting was cancelled."),
                _("The school will tell you the new date.")]
    if stage == Stage.BOOKED and meeting >= today:
        if review.pack_circulated_at:
            steps.append(_("The papers for the meeting are ready. Read them before the "
                           "meeting."))
        else:
            steps.append(_("The school will send you the papers by %(date)s. Read them "
                           "before the meeting.") % {"date": long_date(rules.papers_by(meeting))})
        steps += [
            _("Tell us what you and %(name)s think before the meeting. You can write, choose "
              "pictures or record your voice.") % {"name": name},
            _("At the meeting on %(date)s, we will talk about how %(name)s is doing and what "
              "to work on next.") % {"date": long_date(meeting), "name": name},
            _("After the meeting, the school will send you a report by %(date)s.")
            % {"date": long_date(rules.report_by(meeting))},
        ]
        return steps
    if stage in (Stage.BOOKED, Stage.HELD):
        return [
            _("The meeting was on %(date)s.") % {"date": long_date(held)},
            _("The school will send you a report of the meeting by %(date)s.")
            % {"date": long_date(rules.report_by(held))},
            _("Then the local authority will decide by %(date)s if %(name)s’s plan stays "
              "the same, changes or ends. They will write to you.")
            % {"date": long_date(rules.decision_by(held)), "name": name},
        ]
    if stage == Stage.REPORTED:
        steps.append(_("The school sent you the report of the meeting on %(date)s. You can "
                       "read it on this page.")
                     % {"date": long_date(timezone.localtime(review.report_sent_at).date())})
        steps.append(_("The local authority will decide by %(date)s if %(name)s’s plan stays "
                       "the same, changes or ends. They will write to you.")
                     % {"date": long_date(rules.decision_by(held)), "name": name})
        if today > rules.decision_by(held):
            steps.append(_("If you have not heard from them, tell the school."))
        return steps
    if stage == Stage.DECIDED:
        proposed = review.amendment_proposed_on
        if proposed is None:
            return [_("The local authority has decided to change %(name)s’s plan.")
                    % {"name": name},
                    _("They will send you the changes to check. You will have %(days)s days "
                      "to tell them what you think.") % {"days": rules.comment_days}]
        return [
            _("The local authority wants to change %(name)s’s plan. They sent you the "
              "changes on %(date)s.") % {"name": name, "date": long_date(proposed)},
            _("Tell them what you think by %(date)s.")
            % {"date": long_date(rules.comments_until(proposed))},
            _("They will send you the final plan by %(date)s.")
            % {"date": long_date(rules.final_plan_by(proposed))},
        ]
    # Finished.
    if review.decision == Decision.KEEP:
        steps.append(_("The local authority decided to keep %(name)s’s plan as it is.")
                     % {"name": name})
    elif review.decision == Decision.AMEND:
        steps.append(_("The local authority changed %(name)s’s plan.") % {"name": name})
        if review.final_plan_on:
            steps.append(_("The final plan came on %(date)s.")
                         % {"date": long_date(review.final_plan_on)})
    elif review.decision == Decision.CEASE:
        steps.append(_("The local authority decided to end %(name)s’s plan. If you do not "
                       "agree, you can appeal. Their letter tells you how.") % {"name": name})
    else:
        steps.append(_("This review is finished."))
    steps.append(_("The next review is due by %(date)s.")
                 % {"date": long_date(rules.due(held, review.pupil.date_of_birth))})
    return steps


# The review page ---------------------------------------------------------------------------

def _household_invitees(invitees, *, contact_id, household_id) -> list[Invitee]:
    """Who the family member is told is coming: everyone who is not family, and the family
    invited from their own household (never another household's)."""
    shown = []
    for invitee in invitees:
        if not invitee.is_family:
            shown.append(invitee)
        elif invitee.contact_id is not None and invitee.contact_id == contact_id:
            shown.append(invitee)
        elif household_id is not None and invitee.contact is not None and (
                invitee.contact.household_id == household_id):
            # The household the parent is in now, not when they were invited.
            shown.append(invitee)
    return shown


def _shown_contribution(contribution: Contribution, user, pupil_name: str) -> dict:
    if contribution.who == Contribution.Who.PUPIL:
        whose = _("What %(name)s thinks") % {"name": pupil_name}
    elif contribution.author_id == user.pk:
        whose = _("What you think")
    else:
        whose = _("What your family thinks")

    def pictures(hexcodes):
        return [{"url": symbols.symbol_url(hexcode), "word": symbols.word_for(hexcode)}
                for hexcode in hexcodes if symbols.is_known(hexcode)]

    return {
        "contribution": contribution, "whose": whose,
        "by_school": not contribution.from_family,
        "likes": pictures(contribution.likes), "dislikes": pictures(contribution.dislikes),
        "audio_url": (reverse("reviews:recording", args=[contribution.token])
                      if contribution.recording else ""),
    }


def family_review(request, review: Review) -> HttpResponse:
    """A family member's page of their child's review (``views.review`` sends them here,
    the review already access-checked): four queries however many are invited, papers and
    views (the invitees, the papers, the views, and the translations where the reader reads
    another language)."""
    user = request.user
    viewer = viewer_for(user)
    pupil = review.pupil
    school_id = pupil.school_id
    show_school(request, pupil.school)
    contact_id = viewer.contact_for_school(school_id)
    household_id = viewer.households.get(school_id)
    invitees = list(review.invitees.select_related("contact").order_by("pk"))
    own = next((invitee for invitee in invitees
                if invitee.is_family and invitee.contact_id == contact_id), None)
    coming = _household_invitees(invitees, contact_id=contact_id, household_id=household_id)
    papers = list(Paper.objects.filter(readable_papers(user, review))
                  .order_by("uploaded_at", "pk"))
    contributions = list(Contribution.objects.filter(readable_contributions(user),
                                                     review=review)
                         .order_by("created_at", "pk"))
    reported = review.report_sent_at is not None
    # Every text the page shows from staff (English) and the family (their language),
    # translated for the reader together.
    pairs = [("en", invitee.role) for invitee in coming if not invitee.is_family]
    pairs += [("en", paper.title) for paper in papers]
    pairs += [(c.language, c.text) for c in contributions if c.text]
    if reported:
        pairs.append(("en", review.report))
    translate_sources(request, pairs, school=pupil.school)
    is_open = review.stage == Stage.BOOKED
    return render(request, "reviews/family/review.html", {
        "review": review, "pupil": pupil, "school": pupil.school,
        "when": when(review), "where": review.place,
        "interpreter": notifications.interpreter_line(review),
        "coming": coming, "own": own, "contact_id": contact_id,
        "can_answer": own is not None and is_open,
        "can_give_views": is_open,
        "papers": papers, "summary": review.pack_circulated_at is not None,
        "contributions": [_shown_contribution(c, user, pupil.first_name)
                          for c in contributions],
        "next_steps": next_steps(review),
        "reported": reported,
        "recommendation": review.get_recommendation_display() if review.recommendation else "",
    })


def family_reviews_page(request, pupil) -> HttpResponse:
    """The child's Annual review tab for their family: what an annual review is, when the
    next is due, and the child's reviews under way and past (cancelled ones left out)."""
    show_school(request, pupil.school)
    reviews = list(Review.objects.filter(pupil=pupil).exclude(stage=Stage.CANCELLED)
                   .order_by("-meets_at", "-pk"))
    clock = clock_for(pupil)
    return render(request, "reviews/family/pupil.html", {
        "pupil": pupil, "school": pupil.school,
        "under_way": [review for review in reviews if review.is_open],
        "past": [review for review in reviews if not review.is_open],
        "due_on": clock.due_on,
    })


# Answering the invitation ------------------------------------------------------------------

def _own_invitee(user, review: Review) -> Invitee:
    """The family member's own invitation to the review; 403 for anyone else who sees it."""
    contact_id = viewer_for(user).contact_for_school(review.pupil.school_id)
    invitee = (Invitee.objects.filter(review=review, kind=Invitee.Kind.FAMILY,
                                      contact_id=contact_id).first()
               if contact_id is not None else None)
    if invitee is None:
        raise PermissionDenied
    return invitee


@require_http_methods(["GET", "POST"])
@login_required
def answer(request, pk: int):
    """Whether the meeting's time suits the parent, and if not, which times would."""
    review = access_review(request.user, pk, family=True)
    invitee = _own_invitee(request.user, review)
    pupil = review.pupil
    show_school(request, pupil.school)
    closed = review.stage != Stage.BOOKED
    status = 200
    initial = {}
    if invitee.answer:
        initial = {"suits": SUITS if invitee.answer == Invitee.Answer.SUITS else DOES_NOT_SUIT,
                   "proposed_times": invitee.proposed_times}
    form = AnswerForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and not closed:
        if form.is_valid():
            try:
                actions.do_answer(acting_user=request.user, invitee=invitee,
                                  suits=form.does_suit,
                                  proposed_times=form.cleaned_data["proposed_times"])
            except actions.ReviewError:
                closed = True
            else:
                if form.does_suit:
                    messages.success(request, _("Thank you. We will see you at the meeting."))
                else:
                    messages.success(request, _("Thank you. The school will look for another "
                                                "time and tell you."))
                return redirect("reviews:review", review.pk)
        else:
            status = 400
    if closed and request.method == "POST":
        status = 409
    return render(request, "reviews/family/answer.html", {
        "review": review, "pupil": pupil, "school": pupil.school, "form": form,
        "invitee": invitee, "closed": closed, "when": when(review),
        "where": review.place,
    }, status=status)


# Views before the meeting ------------------------------------------------------------------

def _may_give_views(user, review: Review) -> bool:
    """Whether the user gives views as the family (True) or writes down the child's as
    staff (False); 403 for anyone else who sees the review (the office)."""
    viewer = viewer_for(user)
    if viewer.is_family:
        return True
    if can_add_advice(user, review.pupil):
        return False
    raise PermissionDenied


@require_http_methods(["GET", "POST"])
@login_required
def give_views(request, pk: int):
    """Views before the meeting: a parent's own or their child's (a member of staff who
    works with the child: the child's), in words, with pictures, spoken, or all three.

    A recording that cannot be kept is refused with the reason and nothing is saved: what
    was written and chosen is shown again, to send with another recording or without."""
    review = access_review(request.user, pk)
    from_family = _may_give_views(request.user, review)
    pupil = review.pupil
    school_id = pupil.school_id
    show_school(request, pupil.school)
    viewer = viewer_for(request.user)
    closed = review.stage != Stage.BOOKED
    posted = request.method == "POST"
    form = ViewsForm(request.POST if posted else None, request.FILES if posted else None,
                     pupil_name=pupil.first_name, for_staff=not from_family,
                     initial={"who": request.GET.get("who", "")})
    status = 200
    if posted and closed:
        status = 409
    elif posted and form.is_valid():
        data = form.cleaned_data
        language = viewer.languages.get(school_id) if from_family else None
        actions.do_give_views(
            acting_user=request.user, review=review, who=data["who"], text=data["text"],
            likes=data["likes"], dislikes=data["dislikes"], recording=data["recording"],
            from_family=from_family,
            household_id=viewer.households.get(school_id) if from_family else None,
            language_fallback=language or "en")
        if from_family:
            messages.success(request, _("Thank you. The school will read your views before "
                                        "the meeting."))
        else:
            messages.success(request, _("%(name)s’s views are saved for the meeting.")
                             % {"name": pupil.first_name})
        return redirect("reviews:review", review.pk)
    elif posted:
        status = 400
    name = pupil.first_name
    return render(request, "reviews/family/views.html", {
        "review": review, "pupil": pupil, "school": pupil.school, "form": form,
        "closed": closed, "for_staff": not from_family, "max_megabytes": MAX_MEGABYTES,
        "when": when(review),
        "picture_lists": [
            _picture_list(form["likes"], _("What %(name)s likes") % {"name": name}),
            _picture_list(form["dislikes"], _("What %(name)s finds hard") % {"name": name}),
        ],
    }, status=status)


def _picture_list(field, legend: str) -> dict:
    """One list of pictures to choose from, by group, each symbol with its word and
    whether it is chosen (a group with a chosen one is open); the inputs are numbered as
    Django numbers them, so the error summary's link finds the first."""
    chosen = set(field.value() or [])
    groups, number = [], 0
    for group in symbol_groups():
        items = []
        for item in group["symbols"]:
            items.append({**item, "id": f"{field.auto_id}_{number}",
                          "checked": item["hexcode"] in chosen})
            number += 1
        groups.append({"label": group["label"], "symbols": items,
                       "open": any(item["checked"] for item in items)})
    return {"field": field, "legend": legend, "groups": groups}


# Playing a recording -----------------------------------------------------------------------

@require_GET
@login_required
def recording(request, token: str):
    """A spoken view, for those who may read it: the pupil's staff, and the family member's
    own household (and anyone's, of what school wrote down). 404 for anyone else."""
    contribution = (Contribution.objects.filter(readable_contributions(request.user),
                                                token=token).exclude(recording="").first())
    if contribution is None:
        raise Http404
    try:
        handle = contribution.recording.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=contribution.content_type)
    response["Content-Disposition"] = f'inline; filename="views.{contribution.extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    patch_vary_headers(response, ["Cookie"])
    return response
