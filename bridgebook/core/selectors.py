"""Reads for the landing pages and the audit log, each with a fixed number of queries."""

import datetime

from django.db.models import CharField, Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Cast, Coalesce

from bridgebook.core.access import Viewer, viewer_for, visible_pupils, visible_schools
from bridgebook.core.models import AcademicYear, AuditEvent, LessonPeriod, Role, School, StaffRole
from bridgebook.core.registry import site
from bridgebook.people.models import Contact, Pupil, PupilContact, SchoolClass


def family_children(user) -> list[Pupil]:
    """A family member's children with school and class, each carrying what each app's
    landing card counts for it (``FamilyCard.count``: unread entries, conversations,
    messages...) under the card's ``attribute``: one query, and one flat query per card
    over the children's ids (none when there are no children)."""
    children = list(visible_pupils(user).select_related("school", "school_class")
                    .order_by("date_of_birth"))
    viewer = viewer_for(user)
    if children and viewer.contact_ids:  # a family member's contacts: one per school
        pupil_ids = [child.pk for child in children]
        for card in site.cards():
            counts = card.count(viewer, pupil_ids)
            for child in children:
                setattr(child, card.attribute, counts.get(child.pk, 0))
    return children


# Whole-school roles whose landing page shows their school's figures and family needs.
LEADING_ROLES = frozenset({Role.PRINCIPAL, Role.SENCO, Role.OFFICE, Role.POLICY_COORDINATOR})


def staff_landing(user, viewer: Viewer) -> dict:
    """What a member of staff sees first: their classes, and the school for senior roles.

    Each class carries what its families wrote that the user has not read yet: its pupils
    with new home entries or replies (``from_families``, each with ``from_home``) and, for
    its class teachers, conversations with a family message they have not read
    (``unread_conversations``). ``schools`` are the schools the user works in, by name
    (the first is the one the menu is about), each with ``pupil_count`` and
    ``class_count`` where the page shows them (the schools the user leads, or every school
    when they have no class). Classes, their pupils, one query for each app's news when
    there are classes, the schools, and two for the family needs of the schools the user
    leads: a fixed number of queries whatever the number of pupils."""

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
    schools = visible_schools(user).order_by("name", "pk")
    if not classes or viewer.trust_ids or any(roles & LEADING_ROLES
                                              for roles in viewer.roles.values()):
        schools = _with_counts(schools)
    schools = list(schools)
    senior = [school for school in schools
              if viewer.administers(school) or viewer.roles_at(school) & LEADING_ROLES]
    needs = {}
    if senior:
        needs = school_family_needs(senior, hidden_pupils=viewer.restricted_pupil_ids)
    for school in senior:
        school.family_needs = needs.get(school.pk, {})
    return {"classes": classes, "schools": schools, "senior_schools": senior}


def _with_counts(schools: QuerySet) -> QuerySet:
    """Schools with their pupils on roll (``pupil_count``) and classes (``class_count``),
    each counted in a subquery of its own rather than over a join of the two."""
    on_roll = (Pupil.objects.filter(school=OuterRef("pk"), leaving_date__isnull=True)
               .order_by().values("school").annotate(n=Count("pk")).values("n"))
    classes = (SchoolClass.objects.filter(school=OuterRef("pk"))
               .order_by().values("school").annotate(n=Count("pk")).values("n"))
    return schools.annotate(pupil_count=Coalesce(Subquery(on_roll), 0),
                            class_count=Coalesce(Subquery(classes), 0))


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


def school_family_needs(schools: list[School], *, hidden_pupils=()) -> dict[int, dict]:
    """Per school: contacts needing an interpreter, literacy support, and restrictions, with
    the members of staff who are themselves a restricted contact of a pupil there
    (``restricted_staff``: [(staff name, pupil name)]; Bridgebook hides that pupil from
    them whatever their role): two queries. The restrictions of pupils in
    ``hidden_pupils`` (those a court order keeps from the reader: a member of staff who is
    one of the restricted contacts) are left out: the reader learns nothing of them."""

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
    # From the school's few staff roles, not from every account.
    staff = (StaffRole.objects.filter(Q(user_id=OuterRef("contact__user_id"))
                                      | Q(user__email__iexact=OuterRef("contact__email")),
                                      school_id=OuterRef("pupil__school_id"))
             .order_by("user_id").values("user__full_name")[:1])
    restricted = (PupilContact.objects.filter(pupil__school__in=schools, is_restricted=True)
                  .exclude(pupil_id__in=list(hidden_pupils))
                  .annotate(staff_name=Subquery(staff))
                  .values_list("pupil__school_id", "staff_name", "pupil__legal_first_name",
                               "pupil__legal_last_name")
                  .order_by("pk"))
    for school_id, staff_name, first, last in restricted:
        result[school_id]["restricted"] += 1
        if staff_name:
            result[school_id]["restricted_staff"].append((staff_name, f"{first} {last}"))
    return result


def audit_events(school: School, filters: dict, *, hidden_types=(),
                 hidden_pupils=()) -> QuerySet:
    """The school's audit events, newest first, as filtered; never those about a kind of
    record in ``hidden_types`` (what an app keeps from this reader:
    ``registry.hidden_audit_types``), nor, for a reader a court order keeps from the pupils
    ``hidden_pupils`` (``Viewer.restricted_pupil_ids``), those about them or about a
    contact of theirs, those a contact of theirs did, and any whose summary names one of
    the family (a sign-in link sent, a call logged: one query, only for such a reader)."""
    events = AuditEvent.objects.filter(school=school).select_related("actor", "pupil")
    if hidden_types:
        events = events.exclude(object_type__in=list(hidden_types))
    if hidden_pupils:
        ids = list(hidden_pupils)
        # The pupils' family, not the reader's own contact (the order is about them).
        contacts = Contact.objects.filter(pupil_links__pupil_id__in=ids,
                                          pupil_links__is_restricted=False)
        family = contacts.annotate(key=Cast("pk", CharField())).values("key")
        hidden = (Q(pupil_id__in=ids)
                  | Q(object_type=Contact._meta.model_name, object_id__in=family)
                  | Q(actor_id__in=contacts.filter(user__isnull=False).values("user_id")))
        for first, last in contacts.values_list("first_name", "last_name"):
            hidden |= Q(summary__icontains=f"{first} {last}".strip())
        events = events.exclude(hidden)
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
