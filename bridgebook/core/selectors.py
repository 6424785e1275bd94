"""Reads for the landing pages and the audit log, each with a fixed number of queries."""

import datetime

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery

from bridgebook.core.access import Viewer, viewer_for, visible_pupils, visible_schools
from bridgebook.core.models import AcademicYear, AuditEvent, LessonPeriod, Role, School, User
from bridgebook.core.registry import site
from bridgebook.people.models import Contact, Pupil, PupilContact, SchoolClass


def family_children(user) -> QuerySet:
    """A family member's children with school and class, annotated by each app's landing
    card (``FamilyCard.annotate``: unread entries, conversations, messages...): one
    query."""
    children = visible_pupils(user).select_related("school", "school_class")
    # Every contact of the user: one at each school where they have a child.
    contact_ids = viewer_for(user).contact_ids
    if contact_ids:
        for card in site.cards():
            children = card.annotate(children, contact_ids)
    return children.order_by("date_of_birth")


def staff_landing(user, viewer: Viewer) -> dict:
    """What a member of staff sees first: their classes, and the school for senior roles.

    Each class carries what its families wrote that the user has not read yet: its pupils
    with new home entries or replies (``from_families``, each with ``from_home``) and, for
    its class teachers, conversations with a family message they have not read
    (``unread_conversations``). A fixed number of queries whatever the number of pupils."""

    # A pupil a court order keeps from this person is not listed in their class either.
    pupils = Pupil.objects.filter(leaving_date__isnull=True).exclude(
        pk__in=viewer.restricted_pupil_ids).order_by("legal_first_name")
    classes = list(
        SchoolClass.objects.filter(memberships__user=user)
        .select_related("school")
        .prefetch_related(Prefetch("pupils", queryset=pupils))
        .order_by("name")
    )
    if classes:
        _from_families(user, viewer, classes)
    schools = list(visible_schools(user).annotate(
        pupil_count=Count("pupils", filter=Q(pupils__leaving_date__isnull=True), distinct=True),
        class_count=Count("classes", distinct=True),
    ).order_by("name"))
    senior = [school for school in schools
              if viewer.administers(school)
              or viewer.roles_at(school) & {Role.PRINCIPAL, Role.SENCO, Role.OFFICE,
                                            Role.POLICY_COORDINATOR}]
    needs = school_family_needs(senior) if senior else {}
    for school in senior:
        school.family_needs = needs.get(school.pk, {})
    return {"classes": classes, "schools": schools, "senior_schools": senior}


def _from_families(user, viewer: Viewer, classes: list) -> None:
    """Puts on each class what its families wrote that the user has not read, as each
    app's ``ClassNews`` collects it (under the news' ``attribute``, and all together as
    ``news``: [(template, items)] where there are any), each with a fixed number of
    queries."""
    found = [(news, news.collect(user, viewer, classes)) for news in site.news()]
    for school_class in classes:
        school_class.news = []
        for news, by_class in found:
            items = by_class.get(school_class.pk, [])
            setattr(school_class, news.attribute, items)
            if items:
                school_class.news.append((news.template, items))


def school_family_needs(schools: list[School]) -> dict[int, dict]:
    """Per school: contacts needing an interpreter, literacy support, and restrictions, with
    the members of staff who are themselves a restricted contact of a pupil there
    (``restricted_staff``: [(staff name, pupil name)]; Bridgebook hides that pupil from
    them whatever their role): two queries."""

    result: dict[int, dict] = {school.pk: {"restricted": 0, "restricted_staff": []}
                               for school in schools}
    rows = Contact.objects.filter(school__in=schools).values("school_id").annotate(
        interpreter=Count("pk", filter=Q(interpreter_needed=True)),
        literacy=Count("pk", filter=Q(literacy_support=True)),
        total=Count("pk"),
    )
    for row in rows:
        result[row["school_id"]].update(row)
    # The same person as the access layer sees it: the contact's account, or an account
    # with the contact's email address, holding a staff role at the pupil's school.
    staff = (User.objects.filter(Q(pk=OuterRef("contact__user_id"))
                                 | Q(email__iexact=OuterRef("contact__email")),
                                 staff_roles__school_id=OuterRef("pupil__school_id"))
             .order_by("pk").values("full_name")[:1])
    restricted = (PupilContact.objects.filter(pupil__school__in=schools, is_restricted=True)
                  .annotate(staff_name=Subquery(staff))
                  .values_list("pupil__school_id", "staff_name", "pupil__legal_first_name",
                               "pupil__legal_last_name")
                  .order_by("pk"))
    for school_id, staff_name, first, last in restricted:
        result[school_id]["restricted"] += 1
        if staff_name:
            result[school_id]["restricted_staff"].append((staff_name, f"{first} {last}"))
    return result


def audit_events(school: School, filters: dict) -> QuerySet:
    events = AuditEvent.objects.filter(school=school).select_related("actor", "pupil")
    if "actor" in filters:
        events = events.filter(actor=filters["actor"])
    if "action" in filters:
        events = events.filter(action=filters["action"])
    if "kind" in filters:
        events = events.filter(object_type=filters["kind"])
    if "record" in filters:
        term = filters["record"]
        events = events.filter(Q(summary__icontains=term)
                               | Q(pupil__legal_last_name__icontains=term)
                               | Q(pupil__legal_first_name__icontains=term))
    if "since" in filters:
        events = events.filter(at__date__gte=filters["since"])
    if "until" in filters:
        events = events.filter(at__date__lt=filters["until"] + datetime.timedelta(days=1))
    return events.order_by("-at", "-id")


def school_calendar(school: School) -> dict:
    """Academic years with their terms, and the lessons of each weekday: two queries."""
    years = AcademicYear.objects.filter(school=school).prefetch_related("terms").order_by(
        "-starts_on")
    lessons = list(LessonPeriod.objects.filter(school=school).order_by("weekday", "starts_at"))
    days: dict[str, list[LessonPeriod]] = {}
    for lesson in lessons:
        days.setdefault(lesson.get_weekday_display(), []).append(lesson)
    return {"academic_years": years, "lesson_days": days}
