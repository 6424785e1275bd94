import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgebook.core.choices import ChoiceLabels
from bridgebook.core.registry import site


class OutboxMessage(models.Model):
    """A message the local outbox backends kept instead of sending (development and demo)."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("Text message")

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    to = models.CharField(max_length=254)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    # The delivery's idempotency key, so a send whose outcome is unknown can be looked up.
    reference = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} to {self.to}"


# The kinds of message messaging itself sends.
CONVERSATION = "conversation"
OTHER = "other"


class Message(ChoiceLabels):
    """One message for one contact, in the language they read it in.

    ``kind`` with ``source_id`` says what it came from (an announcement, a conversation
    message, a book entry...) without tying this app to the apps that send: each app
    registers its kinds (``NotificationKind`` in its plugin.py); one contact gets at most one
    message per source.
    """

    school = models.ForeignKey("core.School", on_delete=models.CASCADE,
                               related_name="messages")
    contact = models.ForeignKey("people.Contact", on_delete=models.CASCADE,
                                related_name="messages")
    kind = models.CharField(max_length=16)
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    language = models.CharField(max_length=8, default="en")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # Email and SMS wait until then (a message written outside the sender's working hours);
    # the in-app copy shows at once. Empty: sent at once.
    send_after = models.DateTimeField(null=True, blank=True)
    # The children it is about. It stays readable, and is sent, only while its contact is
    # entitled to every one of them (messaging.access): a court order recorded later hides
    # what was already sent and withdraws what was not.
    pupils = models.ManyToManyField("people.Pupil", blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "source_id", "contact"],
                                    condition=Q(source_id__isnull=False),
                                    name="message_once_per_source_and_contact"),
        ]
        indexes = [
            models.Index(fields=["contact", "-created_at"]),
            models.Index(fields=["school", "kind", "source_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label} to contact {self.contact_id}"

    @property
    def kind_label(self) -> str:
        """What kind of message it is, in words, as the app that sends it registered."""
        kind = site.kind(self.kind)
        return str(kind.label) if kind is not None else self.kind


def new_idempotency_key() -> str:
    return f"bb-{uuid.uuid4().hex}"


class Delivery(ChoiceLabels):
    """One attempt to get a message to its contact by one channel; written before sending.

    At most one per message and channel, so a fallback or a retried task never makes a
    second copy. ``idempotency_key`` goes to the provider as the reference.
    """

    class Channel(models.TextChoices):
        APP = "app", _("In the app")
        EMAIL = "email", _("Email")
        SMS = "sms", _("Text message")
        LETTER = "letter", _("Letter")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        DELIVERED = "delivered", _("Delivered")
        TEMPORARY_FAILURE = "temporary_failure", _("Not delivered yet, will retry")
        PERMANENT_FAILURE = "permanent_failure", _("Could not be delivered")
        READ = "read", _("Read")
        # Not sent: the contact stopped being entitled to a child it is about (a court
        # order recorded, responsibility ended) before it went.
        WITHDRAWN = "withdrawn", _("Withdrawn: no longer entitled")

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    address = models.CharField(max_length=400, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    provider = models.CharField(max_length=40, blank=True)
    provider_id = models.CharField(max_length=100, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # Set by the claim, before the provider is called; a row left in "sending" with no
    # provider id past the sending timeout belongs to a worker that died.
    sending_started_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    # The last attempt may have reached the provider (killed worker, timeout): the next one
    # asks the provider before sending.
    outcome_unknown = models.BooleanField(default=False)
    # When a task was last enqueued for this row (send_due_deliveries re-enqueues lost ones).
    enqueued_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    idempotency_key = models.CharField(max_length=64, unique=True, default=new_idempotency_key)
    fallback_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="fallbacks")
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["message", "channel"],
                                    name="delivery_once_per_message_and_channel"),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due"),
            models.Index(fields=["channel", "status"], name="delivery_channel_status"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} to {self.address or '-'}: {self.status}"


# Working hours, conversations and book notifications -----------------------------------

class StaffWorkingHours(models.Model):
    """One day of a staff member's working hours at a school, in the school's time zone.

    A staff member with no rows at a school works the school's default hours
    (``SchoolWorkingHours``, or Monday to Friday 08:00 to 17:00 where the school has set
    none); once they set their own, the rows are the whole week.
    """

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    user = models.ForeignKey("core.User", on_delete=models.CASCADE,
                             related_name="working_hours")
    school = models.ForeignKey("core.School", on_delete=models.CASCADE,
                               related_name="staff_working_hours")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))

    class Meta:
        ordering = ["user", "school", "weekday"]
        verbose_name_plural = "staff working hours"
        constraints = [
            models.UniqueConstraint(fields=["user", "school", "weekday"],
                                    name="working_hours_once_per_day"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                   name="working_hours_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_weekday_display()} {self.starts_at}-{self.ends_at}"


class SchoolWorkingHours(models.Model):
    """One day of the working hours a school sets for staff who have not set their own,
    in the school's time zone. A school with no rows uses Monday to Friday, 08:00 to 17:00;
    once it sets them, the rows are the whole week."""

    school = models.ForeignKey("core.School", on_delete=models.CASCADE,
                               related_name="default_working_hours")
    weekday = models.PositiveSmallIntegerField(_("day"),
                                               choices=StaffWorkingHours.Weekday.choices)
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))

    class Meta:
        ordering = ["school", "weekday"]
        verbose_name_plural = "school working hours"
        constraints = [
            models.UniqueConstraint(fields=["school", "weekday"],
                                    name="school_hours_once_per_day"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                   name="school_hours_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.school_id} {self.get_weekday_display()} {self.starts_at}-{self.ends_at}"


FALLBACK_MAX_HOURS = 72


class SchoolMessagingSettings(models.Model):
    """Messaging rules a school sets for itself (the principal or office, on the school's
    Messaging settings page); written the first time the page is saved.

    ``fallback_sms_after_hours``: a message still unread in the app this many hours after
    it was sent goes by text to contacts with a mobile number. 0 is off; empty (and a
    school without a row) leaves it to the deployment's FALLBACK_SMS_AFTER_MINUTES.
    """

    school = models.OneToOneField("core.School", on_delete=models.CASCADE,
                                  related_name="messaging_settings")
    fallback_sms_after_hours = models.PositiveSmallIntegerField(
        _("text unread messages after (hours)"), null=True, blank=True)
    # Parents who live together (one household) read each other's conversations with
    # school; otherwise a conversation is the person's who started it.
    household_conversations = models.BooleanField(
        _("parents who live together share their conversations with school"),
        default=False)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey("core.User", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name_plural = "school messaging settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(fallback_sms_after_hours__isnull=True)
                | Q(fallback_sms_after_hours__lte=FALLBACK_MAX_HOURS),
                name="school_fallback_at_most_72_hours"),
        ]

    def __str__(self) -> str:
        return f"Messaging settings of school {self.school_id}"


class Conversation(models.Model):
    """Staff and members of a pupil's family writing to each other about the pupil.

    It is with ``contacts``: the family member who started it (and, where the school
    chooses, the others of their household), or those the school wrote to, one
    conversation per household. Nobody else in the family sees it: separated parents each
    have their own."""

    school = models.ForeignKey("core.School", on_delete=models.CASCADE,
                               related_name="conversations")
    pupil = models.ForeignKey("people.Pupil", on_delete=models.CASCADE,
                              related_name="conversations")
    contacts = models.ManyToManyField("people.Contact", blank=True,
                                      related_name="conversations")
    subject = models.CharField(_("subject"), max_length=150)
    created_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # The latest message's time, kept so the list sorts and shows it without a subquery.
    last_message_at = models.DateTimeField(default=timezone.now)
    # The latest message from a family member (staff unread badges compare with it).
    last_family_message_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_message_at", "-id"]
        indexes = [models.Index(fields=["pupil", "-last_message_at"])]

    def __str__(self) -> str:
        return self.subject


class ConversationMessage(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE,
                                     related_name="messages")
    author = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL,
                               related_name="+")
    from_family = models.BooleanField(default=False)
    body = models.TextField(_("message"))
    # The language it is written in (a family member's: detected, or their own).
    language = models.CharField(max_length=8, default="en")
    urgent = models.BooleanField(_("urgent"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    # When email and SMS copies go out (the start of the author's next working period
    # when written outside it); the in-app copy shows at once.
    send_after = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["conversation", "created_at"])]

    def __str__(self) -> str:
        return f"Message {self.pk} in conversation {self.conversation_id}"


class ConversationRead(models.Model):
    """How far a staff member has read a conversation (families use their Message rows)."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE,
                                     related_name="reads")
    user = models.ForeignKey("core.User", on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"],
                                    name="conversation_read_once_per_user"),
        ]

    def __str__(self) -> str:
        return f"User {self.user_id} read conversation {self.conversation_id} at {self.read_at}"


class NotificationPreference(models.Model):
    """How a family member hears about new entries in the home-school book."""

    class Book(models.TextChoices):
        INSTANT = "instant", _("As soon as something is added")
        DIGEST = "digest", _("Once a day, in a daily summary")
        OFF = "off", _("Do not tell me (I will look in the app)")

    contact = models.OneToOneField("people.Contact", on_delete=models.CASCADE,
                                   related_name="notification_preference")
    book = models.CharField(_("home-school book"), max_length=8, choices=Book.choices,
                            default=Book.DIGEST)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.contact_id}: book {self.book}"
