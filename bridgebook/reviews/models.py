"""Annual reviews of EHC plans: each pupil's local authority and plan dates (the review
clock starts from them), the review itself from booking to the local authority's final
plan, who is invited (each parent in their own household, the head teacher, the local
authority's officer, health, social care and other professionals), the papers circulated
before the meeting and who opened them, the family's and the pupil's views, what the
meeting said about each outcome, and the new priorities that become targets.

The periods of the statutory timeline live in ``schedule.py``; the dates a review was
due by and held on are kept on it, so the compliance page reads what happened then.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgebook.core.choices import ChoiceLabels
from bridgebook.core.models import School
from bridgebook.people.codes import LANGUAGE_CHOICES
from bridgebook.people.models import Contact, Household, Pupil
from bridgebook.targets.models import Area, Outcome, Plan, Target

# What families are told about their child's review (``Message.kind``).
REVIEW_NOTICE = "review"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class LocalAuthority(models.Model):
    """A local authority that maintains plans of the school's pupils, and who there deals
    with annual reviews (pupils at one school come from several)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE,
                               related_name="local_authorities")
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("local authority number"), max_length=3, blank=True,
                            help_text=_("The three-digit number, for example 202"))
    contact_name = models.CharField(_("SEN officer for reviews"), max_length=100, blank=True)
    contact_email = models.EmailField(_("their email address"), blank=True)
    contact_phone = models.CharField(_("their phone number"), max_length=20, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"
        constraints = [models.UniqueConstraint(fields=["school", "name"],
                                               name="local_authority_unique_name")]

    def __str__(self) -> str:
        return self.name


class Transfer(models.TextChoices):
    AUTO = "", _("Worked out from the year group")
    NONE = "none", _("Not moving on this school year")
    SCHOOL = "school", _("Moving to another school at the end of this school year")
    POST16 = "post16", _("Moving from school to post-16 at the end of this school year")


class EhcpRecord(ChoiceLabels):
    """Where a pupil's review clock starts: the local authority that maintains the plan, the
    date the plan was issued, the last review before Bridgebook, and whether they move on
    at the end of this school year (a phase transfer brings the deadline forward)."""

    pupil = models.OneToOneField(Pupil, on_delete=models.CASCADE, related_name="ehcp_record")
    local_authority = models.ForeignKey(LocalAuthority, null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="records",
                                        verbose_name=_("local authority"))
    plan_issued_on = models.DateField(
        _("date the plan was first issued"), null=True, blank=True,
        help_text=_("The review clock starts here only until a review is held"))
    last_review_on = models.DateField(
        _("date of the last review"), null=True, blank=True,
        help_text=_("The last review meeting held before Bridgebook, if there was one"))
    transfer = models.CharField(_("moving on"), max_length=8, choices=Transfer.choices,
                                blank=True, default=Transfer.AUTO)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"EHC plan record of {self.pupil_id}"


class Review(ChoiceLabels):
    """One annual review, from booking to the end of the local authority's part."""

    class Stage(models.TextChoices):
        BOOKED = "booked", _("Booked")
        HELD = "held", _("Meeting held")
        REPORTED = "reported", _("Report sent")
        DECIDED = "decided", _("Local authority has decided")
        FINISHED = "finished", _("Finished")
        CANCELLED = "cancelled", _("Cancelled")

    class Decision(models.TextChoices):
        KEEP = "keep", _("Keep the plan as it is")
        AMEND = "amend", _("Change (amend) the plan")
        CEASE = "cease", _("End (cease) the plan")

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="reviews")
    stage = models.CharField(max_length=10, choices=Stage.choices, default=Stage.BOOKED)
    # When the review was due by, as the clock said at booking (kept up to date while it is
    # booked); empty where the plan's dates were not known.
    due_on = models.DateField(_("due by"), null=True, blank=True)
    meets_at = models.DateTimeField(_("date and time of the meeting"))
    place = models.CharField(_("where"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    interpreter_language = models.CharField(_("interpreter for"), max_length=8, blank=True,
                                            choices=LANGUAGE_CHOICES)
    interpreter_name = models.CharField(_("interpreter booked"), max_length=100, blank=True)
    covers_adulthood = models.BooleanField(_("covers preparing for adulthood"), default=False)
    transfer_deadline = models.DateField(_("plan amended by (phase transfer)"), null=True,
                                         blank=True)
    # Sending, each stamped once.
    invitations_sent_at = models.DateTimeField(null=True, blank=True)
    pack_circulated_at = models.DateTimeField(null=True, blank=True)
    # The meeting.
    held_on = models.DateField(_("held on"), null=True, blank=True)
    family_views = models.TextField(_("what the family said"), blank=True)
    pupil_views = models.TextField(_("what the pupil said"), blank=True)
    agreed_changes = models.TextField(_("changes agreed"), blank=True)
    new_plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    # After.
    report = models.TextField(_("the report"), blank=True)
    recommendation = models.CharField(_("the school recommends"), max_length=6, blank=True,
                                      choices=Decision.choices)
    report_sent_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(_("the local authority's decision"), max_length=6,
                                blank=True, choices=Decision.choices)
    decision_on = models.DateField(_("decision received on"), null=True, blank=True)
    amendment_proposed_on = models.DateField(_("proposed amendment received on"), null=True,
                                             blank=True)
    final_plan_on = models.DateField(_("final plan received on"), null=True, blank=True)
    chased_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-meets_at", "-pk"]
        constraints = [models.UniqueConstraint(
            fields=["pupil"], condition=Q(stage="booked"), name="review_one_booked_per_pupil")]
        indexes = [models.Index(fields=["pupil", "stage"])]

    def __str__(self) -> str:
        return f"Review of {self.pupil_id} on {self.meets_at:%Y-%m-%d}"

    @property
    def school(self):
        return self.pupil.school

    @property
    def meeting_day(self):
        """The meeting's date where the school is."""
        return timezone.localtime(self.meets_at, self.pupil.school.tz).date()

    @property
    def is_open(self) -> bool:
        return self.stage not in (self.Stage.FINISHED, self.Stage.CANCELLED)


class Invitee(ChoiceLabels):
    """Someone invited to a review: a parent or carer (each in their own household), the
    pupil, a member of staff, or a professional from outside the school."""

    class Kind(models.TextChoices):
        FAMILY = "family", _("Parent or carer")
        PUPIL = "pupil", _("The pupil")
        HEAD = "head", _("Head teacher")
        STAFF = "staff", _("School staff")
        LOCAL_AUTHORITY = "la", _("Local authority SEN officer")
        HEALTH = "health", _("Health")
        SOCIAL_CARE = "social_care", _("Social care")
        OTHER = "other", _("Other professional")

    class Attendance(models.TextChoices):
        UNKNOWN = "", _("Not recorded")
        ATTENDED = "attended", _("Came")
        ADVICE = "advice", _("Sent advice instead")
        APOLOGIES = "apologies", _("Sent apologies")
        ABSENT = "absent", _("Did not come")

    class Answer(models.TextChoices):
        NONE = "", _("No answer yet")
        SUITS = "suits", _("The time suits")
        OTHER_TIME = "other", _("Asked for another time")

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="invitees")
    kind = models.CharField(_("who"), max_length=12, choices=Kind.choices)
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="+")
    household = models.ForeignKey(Household, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    role = models.CharField(_("role or organisation"), max_length=120, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    # For someone outside the school (no account): each sending stamped once.
    invited_at = models.DateTimeField(null=True, blank=True)
    pack_sent_at = models.DateTimeField(null=True, blank=True)
    report_sent_at = models.DateTimeField(null=True, blank=True)
    cancelled_sent_at = models.DateTimeField(null=True, blank=True)
    answer = models.CharField(max_length=6, choices=Answer.choices, blank=True)
    proposed_times = models.TextField(_("times that would suit"), blank=True)
    proposed_language = models.CharField(max_length=8, default="en")
    answered_at = models.DateTimeField(null=True, blank=True)
    attendance = models.CharField(_("came to the meeting"), max_length=10, blank=True,
                                  choices=Attendance.choices)

    class Meta:
        ordering = ["review", "pk"]
        constraints = [models.UniqueConstraint(
            fields=["review", "contact"], condition=Q(contact__isnull=False),
            name="invitee_one_per_contact")]

    def __str__(self) -> str:
        return f"{self.name} ({self.kind})"

    @property
    def is_family(self) -> bool:
        return self.kind == self.Kind.FAMILY


def paper_path(instance, filename: str) -> str:
    return f"reviews/{instance.review_id}/{timezone.now():%Y/%m}/{instance.token}.pdf"


class Paper(ChoiceLabels):
    """A paper of the review pack: a professional's advice or report (who wrote it, when it
    came), the school's evidence summary, or the report after the meeting. A PDF, stored
    under a random name and served only by ``reviews:paper``."""

    class Kind(models.TextChoices):
        ADVICE = "advice", _("Advice or report from a professional")
        SUMMARY = "summary", _("The school's summary of the year")
        REPORT = "report", _("The review report")

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="papers")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.ADVICE)
    title = models.CharField(_("title"), max_length=150)
    author_name = models.CharField(_("written by"), max_length=100, blank=True)
    author_role = models.CharField(_("their role"), max_length=120, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    token = models.CharField(max_length=40, unique=True, default=new_token)
    file = models.FileField(upload_to=paper_path)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["review", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title


class PaperOpening(models.Model):
    """The first time someone opened a paper of the pack."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="openings")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["paper", "user"],
                                               name="paper_opened_once")]

    def __str__(self) -> str:
        return f"{self.user_id} opened {self.paper_id}"


def recording_path(instance, filename: str) -> str:
    return f"reviews/{instance.review_id}/views/{instance.token}.{instance.extension}"


class Contribution(models.Model):
    """Views given before the meeting: a parent's or carer's own (read by staff and their
    own household), or the pupil's, written, chosen with symbols, or spoken."""

    class Who(models.TextChoices):
        FAMILY = "family", _("The family's views")
        PUPIL = "pupil", _("The pupil's views")

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="contributions")
    who = models.CharField(max_length=6, choices=Who.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="+")
    household = models.ForeignKey(Household, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    from_family = models.BooleanField(default=True)
    shared_with_all = models.BooleanField(default=False)
    text = models.TextField(_("in words"), blank=True)
    language = models.CharField(max_length=8, default="en")
    likes = models.JSONField(_("what they like"), default=list, blank=True)
    dislikes = models.JSONField(_("what they find hard"), default=list, blank=True)
    token = models.CharField(max_length=40, unique=True, default=new_token)
    recording = models.FileField(upload_to=recording_path, blank=True)
    content_type = models.CharField(max_length=40, blank=True)
    extension = models.CharField(max_length=8, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["review", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.who} views for {self.review_id}"


class OutcomeDiscussion(models.Model):
    """What the meeting said about progress towards one of the plan's outcomes."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="discussions")
    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="+")
    progress = models.TextField(_("progress"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "outcome"],
                                               name="discussion_one_per_outcome")]

    def __str__(self) -> str:
        return f"Progress on {self.outcome_id} at {self.review_id}"


class Priority(ChoiceLabels):
    """A new priority the meeting agreed, under an outcome of the plan (or a new one in an
    area of need); it becomes a target of the next plan in one step."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="priorities")
    area = models.CharField(_("area of need"), max_length=16, choices=Area.choices)
    outcome = models.ForeignKey(Outcome, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", verbose_name=_("under the outcome"))
    text = models.TextField(_("the priority, in plain words"))
    success_criteria = models.TextField(_("how we will know"), blank=True)
    target = models.ForeignKey(Target, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["review", "created_at", "pk"]
        verbose_name_plural = "priorities"

    def __str__(self) -> str:
        return self.text[:60]


class ReviewNotice(models.Model):
    """Something a family is told about the review; its id is the messages' ``source_id``,
    so each is told once however often it is asked."""

    class What(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        CHANGED = "changed", _("The meeting has changed")
        PACK = "pack", _("The papers")
        REPORT = "report", _("The report")
        CANCELLED = "cancelled", _("The meeting is cancelled")

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="notices")
    what = models.CharField(max_length=10, choices=What.choices)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "what", "version"],
                                               name="review_notice_once")]

    def __str__(self) -> str:
        return f"{self.what} for {self.review_id}"


class ReminderSent(models.Model):
    """The day's reminder to someone who runs a school's reviews, of what is late or
    coming up (``reminders.send_reminders``): one a day, however often the job runs."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    day = models.DateField()
    items = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["school", "user", "day"],
                                               name="review_reminder_once_a_day")]

    def __str__(self) -> str:
        return f"Reminder to {self.user_id} on {self.day}"
