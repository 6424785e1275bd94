"""One-time sign-in links and codes for families (who have no password)."""

import hashlib

from django.db import models
from django.utils import timezone

from bridgebook.people.models import Contact


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class SignInToken(models.Model):
    """A link and a six-digit code sent to one contact; either signs in once, until expiry.

    Only hashes are stored, so a copy of the database cannot be used to sign in.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        SMS = "sms", "SMS"

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="sign_in_tokens")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    address = models.CharField(max_length=254)
    link_hash = models.CharField(max_length=64, unique=True)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["address", "-created_at"])]

    def __str__(self) -> str:
        return f"Sign-in for {self.contact} by {self.channel}"

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()
