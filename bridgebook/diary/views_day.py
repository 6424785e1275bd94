"""The teacher's day (a whole class's book for one day) and the school's activity list.

Each view: sign-in → access layer (404 when the thing may not be seen, 403 when it may be
seen but not changed) → forms → one action → redirect, or render.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridgebook.core.access import (
    PEOPLE_MANAGER_ROLES,
    access_class,
    access_school,
    can_manage_people,
)
from bridgebook.diary import actions, selectors
from bridgebook.diary import day as days
from bridgebook.diary.forms_day import ActivityForm, ClassActivitiesForm, PupilDayForm
from bridgebook.diary.models import Mood
from bridgebook.diary.symbols import mood_symbol
from bridgebook.messaging.conversations import unread_family_messages_for_staff


def _mood_choices() -> list[dict]:
    choices = []
    for value, label in Mood.choices:
        symbol = mood_symbol(value)
        choices.append({"value": str(value), "label": label,
                        "symbol": symbol["url"] if symbol else ""})
    return choices


def _names(pupils) -> str:
    return ", ".join(pupil.display_name for pupil in pupils)


def _day_url(school_class, day: dt.date, today: dt.date) -> str:
    if day == today:
        return reverse("diary:class_day", args=[school_class.pk])
    return reverse("diary:class_day_on", args=[school_class.pk, day.isoformat()])


# The teacher's day -----------------------------------------------------------------------

@login_required
def class_day(request, pk: int, day: str | None = None):
    school_class = access_class(request.user, pk)
    school = school_class.school
    request.bridgebook_school = school
    today = days.school_today(school)
    the_day = today if day is None else days.parse_day(day)
    if the_day is None:
        raise Http404
    if the_day > today:
        return render(request, "diary/class_day_future.html", {
            "school_class": school_class, "school": school, "day": the_day,
        }, status=400 if request.method == "POST" else 200)

    activities = list(selectors.active_activities(school))
    rows = days.class_day(request.user, school_class, the_day)
    unsaved: dict[int, dict] = {}
    if request.method == "POST":
        class_form = ClassActivitiesForm(request.POST, activities=activities)
        forms = {row.pupil.pk: PupilDayForm(request.POST, pupil=row.pupil) for row in rows}
        valid = class_form.is_valid()
        valid = all([form.is_valid() for form in forms.values()]) and valid
        if valid:
            publish = "publish" in request.POST
            result = actions.do_save_class_day(
                acting_user=request.user, rows=rows, day=the_day, activities=activities,
                shown=class_form.shown(),
                chosen=class_form.chosen(), publish=publish,
                pupil_data={pk: form.cleaned_data for pk, form in forms.items()})
            _report(request, result, the_day, publish, class_form)
            if not result.conflicts:
                return redirect(_day_url(school_class, the_day, today))
            # Show the page as it is now, with what could not be saved beside each pupil.
            unsaved = {pupil.pk: forms[pupil.pk].cleaned_data for pupil in result.conflicts}
            rows = days.class_day(request.user, school_class, the_day)
            class_form, forms = _unbound_forms(rows, activities)
    else:
        class_form, forms = _unbound_forms(rows, activities)

    # What each pupil's family wrote that this member of their class's staff has not read:
    # in the book, and in conversations (messaging's count, as on the landing page).
    pupil_ids = [row.pupil.pk for row in rows]
    from_home = selectors.unread_from_families(request.user, pupil_ids=pupil_ids)
    conversations = unread_family_messages_for_staff(request.user, pupil_ids)
    extras = selectors.entry_extras(request.user, [row.entry for row in rows])
    pupils = []
    for row in rows:
        form = forms[row.pupil.pk]
        pupils.append({
            "pupil": row.pupil, "entry": row.entry, "form": form,
            "from_home": from_home.get(row.pupil.pk),
            "conversations": conversations.get(row.pupil.pk),
            "prefix": form.prefix,
            "mood": str(form["mood"].value() or ""),
            "lunch": str(form["lunch"].value() or ""),
            "unsaved": _unsaved_summary(unsaved.get(row.pupil.pk)),
            "extras": extras.get(row.entry.pk, []) if row.entry else [],
        })
    chosen = {str(value) for value in (class_form["activities"].value() or [])}
    return render(request, "diary/class_day.html", {
        "school_class": school_class, "school": school, "day": the_day, "today": today,
        "is_today": the_day == today,
        "previous_url": _day_url(school_class, the_day - dt.timedelta(days=1), today),
        "next_url": (_day_url(school_class, the_day + dt.timedelta(days=1), today)
                     if the_day < today else ""),
        "activities": activities, "chosen_activities": chosen, "class_form": class_form,
        "pupils": pupils, "moods": _mood_choices(),
        "lunch_choices": [{"value": value, "label": label}
                          for value, label in PupilDayForm.base_fields["lunch"].choices],
        "errors": _error_list(class_form, [p["form"] for p in pupils], activities),
        "can_manage_activities": can_manage_people(request.user, school),
    })


def _unbound_forms(rows, activities):
    active_ids = {activity.pk for activity in activities}
    shown_ids, shown_text = days.shared_activities(rows, active_ids)
    class_form = ClassActivitiesForm(activities=activities, initial={
        "activities": sorted(shown_ids), "activities_text": shown_text,
        "shown_activities": sorted(shown_ids), "shown_text": shown_text,
    })
    forms = {row.pupil.pk: PupilDayForm(pupil=row.pupil,
                                        initial=PupilDayForm.initial_for(row.entry))
             for row in rows}
    return class_form, forms


def _unsaved_summary(data: dict | None) -> list[str]:
    """What a teacher wrote for a pupil whose entry someone else changed, to write again."""
    if not data:
        return []
    parts = []
    if data.get("mood"):
        parts.append(_("Mood: %(mood)s") % {"mood": Mood(data["mood"]).label})
    if data.get("lunch"):
        labels = dict(PupilDayForm.base_fields["lunch"].choices)
        parts.append(_("Lunch: %(lunch)s") % {"lunch": labels[data["lunch"]]})
    if data.get("well_done"):
        parts.append(_("Well done sticker"))
    if (data.get("note") or "").strip():
        parts.append(_("Note: %(note)s") % {"note": data["note"].strip()})
    return parts


def _error_list(class_form, pupil_forms, activities) -> list[dict]:
    """Every problem on the page, each linked to the input it is about."""
    errors = []
    first_activity = f"activity-{activities[0].pk}" if activities else "activities"
    anchors = {"activities": first_activity, "shown_activities": first_activity,
               "activities_text": "activities-text", "shown_text": "activities-text"}
    for name, field_errors in class_form.errors.items():
        for error in field_errors:
            errors.append({"text": error, "href": anchors.get(name, "activities")})
    for form in pupil_forms:
        first_lunch = form.base_fields["lunch"].choices[0][0]
        anchors = {"mood": f"{form.prefix}-mood-1", "lunch": f"{form.prefix}-lunch-{first_lunch}",
                   "well_done": f"{form.prefix}-well_done", "note": f"{form.prefix}-note"}
        for name, field_errors in form.errors.items():
            for error in field_errors:
                errors.append({"text": error,
                               "href": anchors.get(name, f"pupil-{form.pupil.pk}")})
    return errors


def _report(request, result: actions.DayResult, day: dt.date, publish: bool,
            class_form) -> None:
    """Tell the teacher, pupil by pupil, what saving did."""
    when = formats.date_format(day, "l j E")
    if result.published:
        messages.success(request, ngettext(
            "Published the book for %(day)s for %(count)d pupil: %(names)s.",
            "Published the book for %(day)s for %(count)d pupils: %(names)s.",
            len(result.published)) % {"day": when, "count": len(result.published),
                                      "names": _names(result.published)})
    if result.already_published:
        messages.info(request, _("Already published (changes saved): %(names)s.")
                      % {"names": _names(result.already_published)})
    if not publish and result.saved:
        messages.success(request, ngettext(
            "Saved a draft for %(count)d pupil: %(names)s.",
            "Saved drafts for %(count)d pupils: %(names)s.",
            len(result.saved)) % {"count": len(result.saved), "names": _names(result.saved)})
    if result.nothing:
        messages.info(request, _("Nothing written for %(names)s: left as they were.")
                      % {"names": _names(result.nothing)})
    if result.conflicts:
        messages.warning(request, _(
            "Not saved for %(names)s: someone else changed their entry while you were "
            "writing. What you wrote is shown beside their name; check their entry and "
            "write it again.") % {"names": _names(result.conflicts)})
    chosen_ids, chosen_text = class_form.chosen()
    if (chosen_ids or chosen_text) and not result.with_entry:
        messages.info(request, _("The activities are kept with each pupil's entry: write "
                                 "something for a pupil to save them."))
    elif not (publish or result.saved or result.conflicts):
        messages.info(request, _("Nothing to save: nothing had changed."))


# The school's activity list --------------------------------------------------------------

@login_required
def activities(request, urn: str):
    school = access_school(request.user, urn, need=PEOPLE_MANAGER_ROLES)
    request.bridgebook_school = school
    existing = selectors.school_activities(school)
    add_form = ActivityForm(school=school, existing=existing, prefix="new")
    rename_forms = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "add":
            add_form = ActivityForm(request.POST, school=school, existing=existing, prefix="new")
            if add_form.is_valid():
                activity = actions.do_add_activity(
                    school=school, name=add_form.cleaned_data["name"], acting_user=request.user)
                messages.success(request, _("%(name)s added.") % {"name": activity.name})
                return redirect("diary:activities", school.urn)
        else:
            activity = _chosen_activity(request, existing)
            if action == "rename":
                form = ActivityForm(request.POST, school=school, activity=activity,
                                    existing=existing, prefix=f"a{activity.pk}")
                if form.is_valid():
                    old = activity.name
                    actions.do_change_activity(activity=activity,
                                               name=form.cleaned_data["name"],
                                               acting_user=request.user)
                    messages.success(request, _("%(old)s is now called %(new)s.")
                                     % {"old": old, "new": activity.name})
                    return redirect("diary:activities", school.urn)
                rename_forms[activity.pk] = form
            elif action in ("retire", "restore"):
                actions.do_change_activity(activity=activity, is_active=action == "restore",
                                           acting_user=request.user)
                message = (_("%(name)s is back on the list.") if action == "restore"
                           else _("%(name)s retired: it is no longer offered, and entries "
                                  "that have it keep it."))
                messages.success(request, message % {"name": activity.name})
                return redirect("diary:activities", school.urn)
            else:
                raise Http404
    rows = [{"activity": activity,
             "form": rename_forms.get(activity.pk) or ActivityForm(
                 school=school, activity=activity, existing=existing,
                 prefix=f"a{activity.pk}", initial={"name": activity.name})}
            for activity in existing]
    errors = [{"text": error, "href": "new-name"} for error in add_form.errors.get("name", [])]
    for row in rows:
        for error in row["form"].errors.get("name", []):
            errors.append({"text": error, "href": f"a{row['activity'].pk}-name"})
    return render(request, "diary/activities.html", {
        "school": school, "add_form": add_form, "rows": rows, "errors": errors,
        "has_retired": any(not activity.is_active for activity in existing),
    })


def _chosen_activity(request, existing):
    """The activity a button was for, from this school's list only (else 404)."""
    wanted = request.POST.get("activity", "")
    for activity in existing:
        if str(activity.pk) == wanted:
            return activity
    raise Http404
