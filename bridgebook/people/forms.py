"""Forms for the people pages. Forms clean and check; actions in ``actions.py`` write."""

import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgebook.core.access import STAFF_MANAGER_ROLES, query_id, visible_contacts
from bridgebook.core.forms import GovukDateField, UkMobileField
from bridgebook.core.models import Role, User
from bridgebook.people.codes import (
    LANGUAGE_CHOICES,
    AreaOfNeed,
    Channel,
    CommunicationMethod,
    PhotoConsent,
    Relationship,
)
from bridgebook.people.models import Contact, Household, Pupil, PupilContact

OLDEST_PUPIL_YEARS = 25

# DfE, "Unique pupil numbers (UPNs)" guidance: a UPN is a check letter followed by the
# 3-digit LA number, the 4-digit establishment number, 2 digits for the year of issue and
# a 3-digit serial. The check letter comes from characters 2-13 weighted 2 to 13, summed,
# modulo 23, read in this alphabet (I, O and S are never used).
UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
UPN_PATTERN = re.compile(r"^[A-Z]\d{12}$")
# Royal Mail postcode shape (outward code, space optional, inward code).
POSTCODE_PATTERN = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$")

NEW = "new"


def upn_check_letter(digits: str) -> str:
    total = sum(weight * int(digit) for weight, digit in enumerate(digits, start=2))
    return UPN_CHECK_LETTERS[total % 23]


def normalise_upn(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class ChoiceCheckboxes(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


# Pupils ----------------------------------------------------------------------------------

class PupilForm(forms.Form):
    legal_first_name = forms.CharField(label=_("Legal first name"), max_length=100)
    legal_last_name = forms.CharField(label=_("Legal last name"), max_length=100)
    preferred_first_name = forms.CharField(
        label=_("Preferred first name"), max_length=100, required=False,
        help_text=_("The name the pupil likes to be called, if different."))
    preferred_last_name = forms.CharField(label=_("Preferred last name"), max_length=100,
                                          required=False)
    date_of_birth = GovukDateField(label=_("Date of birth"))
    upn = forms.CharField(
        label=_("UPN"), max_length=20, required=False,
        help_text=_("Unique Pupil Number: a letter and 12 digits, for example B801200005001."))
    school_class = forms.ModelChoiceField(label=_("Class"), queryset=None, required=False,
                                          empty_label=_("No class yet"))
    # Only at a school that boards (one with residential groups): taken away elsewhere.
    residential_group = forms.ModelChoiceField(label=_("Residential group"), queryset=None,
                                               required=False,
                                               empty_label=_("Not in a residential group"))
    admission_date = GovukDateField(label=_("Admission date"), required=False)
    leaving_date = GovukDateField(label=_("Leaving date"), required=False)
    has_ehcp = forms.BooleanField(label=_("Has an EHC plan"), required=False)
    areas_of_need = ChoiceCheckboxes(label=_("Areas of need"), choices=AreaOfNeed.choices,
                                     required=False)
    communication = ChoiceCheckboxes(label=_("How they communicate"),
                                     choices=CommunicationMethod.choices, required=False)
    communication_notes = forms.CharField(label=_("Communication notes"), required=False,
                                          widget=forms.Textarea)
    photo_consent = forms.ChoiceField(label=_("Photo consent"), choices=PhotoConsent.choices,
                                      widget=forms.RadioSelect, initial=PhotoConsent.NONE)
    home_language = forms.ChoiceField(label=_("Home language"), choices=LANGUAGE_CHOICES,
                                      initial="en")

    FIELDS = ["legal_first_name", "legal_last_name", "preferred_first_name",
              "preferred_last_name", "date_of_birth", "upn", "school_class", "admission_date",
              "leaving_date", "has_ehcp", "areas_of_need", "communication",
              "communication_notes", "photo_consent", "home_language", "residential_group"]

    def __init__(self, *args, school, instance: Pupil | None = None, **kwargs):
        self.school = school
        self.instance = instance
        if instance is not None:
            kwargs.setdefault("initial", {name: getattr(instance, name) for name in self.FIELDS})
        super().__init__(*args, **kwargs)
        self.fields["school_class"].queryset = school.classes.order_by("name")
        groups = school.residential_groups.order_by("name")
        if groups.exists():
            self.fields["residential_group"].queryset = groups
        else:
            del self.fields["residential_group"]

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born > today:
            raise forms.ValidationError(_("Date of birth must be in the past"))
        if born < years_before(today, OLDEST_PUPIL_YEARS):
            raise forms.ValidationError(
                _("Date of birth must be less than %(years)s years ago"),
                params={"years": OLDEST_PUPIL_YEARS})
        return born

    def clean_upn(self):
        upn = normalise_upn(self.cleaned_data["upn"])
        if not upn:
            return ""
        if not UPN_PATTERN.match(upn):
            raise forms.ValidationError(
                _("Enter a UPN as a letter followed by 12 digits, like B801200005001"))
        unchanged = self.instance is not None and self.instance.upn == upn
        # A UPN already on file (from the MIS) is not re-checked, so an old record can still
        # be edited; every new or changed UPN must carry the right check letter.
        if not unchanged and upn_check_letter(upn[1:]) != upn[0]:
            raise forms.ValidationError(
                _("This UPN's check letter is wrong: check each character against the MIS"))
        taken = Pupil.objects.filter(school=self.school, upn=upn)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Another pupil at this school already has this UPN"))
        return upn

    def clean(self):
        cleaned = super().clean()
        admitted, leaving = cleaned.get("admission_date"), cleaned.get("leaving_date")
        if admitted and leaving and leaving < admitted:
            self.add_error("leaving_date",
                           _("Leaving date must be the same as or after the admission date"))
        born = cleaned.get("date_of_birth")
        if born and admitted and admitted < born:
            self.add_error("admission_date", _("Admission date must be after the date of birth"))
        return cleaned


# Contacts --------------------------------------------------------------------------------

class ContactFields(forms.Form):
    """A contact's own details and their household, shared by two forms."""

    title = forms.CharField(label=_("Title"), max_length=20, required=False)
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(
        label=_("Email address"), required=False, max_length=254,
        error_messages={"invalid": _("Enter an email address in the correct format, "
                                     "like name@example.com")})
    mobile = UkMobileField(label=_("Mobile number"), required=False)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, initial="en",
                                 help_text=_("The language they read and speak best."))
    interpreter_needed = forms.BooleanField(label=_("Needs an interpreter"), required=False)
    literacy_support = forms.BooleanField(label=_("Needs help with reading and writing"),
                                          required=False)
    preferred_channels = ChoiceCheckboxes(label=_("Preferred ways to hear from school"),
                                          choices=Channel.choices, required=False)
    household = forms.ChoiceField(label=_("Address"), required=False)
    address_line_1 = forms.CharField(label=_("Address line 1"), max_length=200, required=False)
    address_line_2 = forms.CharField(label=_("Address line 2"), max_length=200, required=False)
    town = forms.CharField(label=_("Town or city"), max_length=100, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=10, required=False)
    home_phone = forms.CharField(label=_("Home phone"), max_length=20, required=False)

    CONTACT_FIELDS = ["title", "first_name", "last_name", "email", "mobile", "language",
                      "interpreter_needed", "literacy_support", "preferred_channels"]
    ADDRESS_FIELDS = ["address_line_1", "address_line_2", "town", "postcode", "home_phone"]

    def setup_households(self, households: list[Household]) -> None:
        choices = [("", _("No address recorded"))]
        choices += [(str(household.pk), str(household)) for household in households]
        choices += [(NEW, _("A new address (enter it below)"))]
        self.fields["household"].choices = choices
        self.households = {str(household.pk): household for household in households}

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_postcode(self):
        postcode = " ".join(self.cleaned_data["postcode"].upper().split())
        if postcode and not POSTCODE_PATTERN.match(postcode):
            raise forms.ValidationError(_("Enter a real postcode, like LS1 4AP"))
        if postcode and " " not in postcode:
            postcode = f"{postcode[:-3]} {postcode[-3:]}"
        return postcode

    def clean_contact_fields(self, cleaned: dict) -> None:
        if cleaned.get("household") == NEW:
            if not cleaned.get("address_line_1"):
                self.add_error("address_line_1", _("Enter the first line of the new address"))
            if not cleaned.get("postcode") and "postcode" not in self.errors:
                self.add_error("postcode", _("Enter the postcode of the new address"))
        cleaned["household_obj"] = self.households.get(cleaned.get("household") or "")

    def contact_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.CONTACT_FIELDS}

    def household_data(self) -> dict | None:
        """The new address to create, or None to use ``household_obj`` (maybe None)."""
        if self.cleaned_data.get("household") != NEW:
            return None
        return {name: self.cleaned_data[name] for name in self.ADDRESS_FIELDS}


class ContactForm(ContactFields):
    def __init__(self, *args, households: list[Household], instance: Contact | None = None,
                 **kwargs):
        self.instance = instance
        if instance is not None:
            initial = {name: getattr(instance, name) for name in self.CONTACT_FIELDS}
            initial["household"] = str(instance.household_id or "")
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.setup_households(households)

    def clean(self):
        cleaned = super().clean()
        self.clean_contact_fields(cleaned)
        return cleaned


class LinkFields(forms.Form):
    """How a contact relates to one pupil."""

    relationship = forms.ChoiceField(label=_("Relationship to the pupil"),
                                     choices=[("", _("Choose a relationship"))]
                                     + Relationship.choices)
    parental_responsibility = forms.BooleanField(label=_("Has parental responsibility"),
                                                 required=False)
    lives_with_pupil = forms.BooleanField(label=_("Lives with the pupil"), required=False)
    priority = forms.IntegerField(
        label=_("Priority"), min_value=1, max_value=99, initial=1,
        help_text=_("1 is the first person school contacts."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
        error_messages={"invalid": _("Enter the priority as a whole number, like 1"),
                        "required": _("Enter the priority, like 1")})
    receives_information = forms.BooleanField(
        label=_("Receives information about the pupil"), required=False,
        help_text=_("For a contact without parental responsibility who should still hear "
                    "from school, such as a carer or grandparent the family named."))
    is_restricted = forms.BooleanField(
        label=_("Restricted (for example by a court order)"), required=False,
        help_text=_("A restricted contact sees nothing about this pupil and is sent nothing."))
    restriction_note = forms.CharField(
        label=_("Restriction note"), required=False, widget=forms.Textarea,
        help_text=_("What the restriction is and where the order is kept. Staff only."))

    LINK_FIELDS = ["relationship", "parental_responsibility", "lives_with_pupil", "priority",
                   "receives_information", "is_restricted", "restriction_note"]

    def clean_restriction_note(self):
        return self.cleaned_data["restriction_note"].strip()

    def clean_link_fields(self, cleaned: dict) -> None:
        if cleaned.get("is_restricted") and not cleaned.get("restriction_note"):
            self.add_error("restriction_note",
                           _("Enter a note saying what the restriction is"))

    def link_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.LINK_FIELDS}


class PupilContactForm(LinkFields):
    """Change how an existing contact relates to a pupil."""

    def __init__(self, *args, instance: PupilContact, **kwargs):
        self.instance = instance
        kwargs.setdefault("initial", {name: getattr(instance, name)
                                      for name in self.LINK_FIELDS})
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        self.clean_link_fields(cleaned)
        return cleaned


class PupilContactAddForm(LinkFields, ContactFields):
    """Link a pupil to a contact already known to the school, or to a new one, in one step.

    ``contact`` is "new" or the id of one of the school's contacts; the page shows radios
    for the contacts a search found, so a sibling's parent is chosen rather than copied.
    """

    contact = forms.CharField(label=_("Who is this contact?"), required=False,
                              widget=forms.RadioSelect)

    field_order = ["contact", *LinkFields.LINK_FIELDS, *ContactFields.CONTACT_FIELDS,
                   "household", *ContactFields.ADDRESS_FIELDS]

    def __init__(self, *args, pupil, households: list[Household], user, **kwargs):
        self.pupil = pupil
        self.user = user      # who links: only contacts they may see can be chosen
        kwargs.setdefault("initial", {"priority": 1, "language": "en"})
        super().__init__(*args, **kwargs)
        self.setup_households(households)
        # The new contact's own fields are needed only when "new" is chosen.
        for name in ("first_name", "last_name", "language"):
            self.fields[name].required = False

    def clean_contact(self):
        value = self.cleaned_data["contact"]
        if not value:
            raise forms.ValidationError(_("Choose a contact, or choose to add a new one"))
        if value == NEW:
            return None
        contact_id = query_id(value)
        contact = visible_contacts(self.user).filter(
            school_id=self.pupil.school_id, pk=contact_id).first() if contact_id else None
        if contact is None:
            raise forms.ValidationError(_("Choose a contact, or choose to add a new one"))
        if PupilContact.objects.filter(pupil=self.pupil, contact=contact).exists():
            raise forms.ValidationError(
                _("%(name)s is already a contact for this pupil"),
                params={"name": contact.full_name})
        return contact

    def clean(self):
        cleaned = super().clean()
        self.clean_link_fields(cleaned)
        if cleaned.get("contact") is not None:
            # Linking someone already known: whatever was typed for a new contact is unused.
            for name in [*self.CONTACT_FIELDS, "household", *self.ADDRESS_FIELDS]:
                self._errors.pop(name, None)
        if "contact" in cleaned and cleaned["contact"] is None:
            if not cleaned.get("first_name") and "first_name" not in self.errors:
                self.add_error("first_name", _("Enter the first name of the new contact"))
            if not cleaned.get("last_name") and "last_name" not in self.errors:
                self.add_error("last_name", _("Enter the last name of the new contact"))
            if not cleaned.get("language"):
                cleaned["language"] = "en"
            self.clean_contact_fields(cleaned)
        return cleaned

    @property
    def is_new_contact(self) -> bool:
        return self.cleaned_data.get("contact") is None


# Classes ---------------------------------------------------------------------------------

class ClassForm(forms.Form):
    """A class and who works in it: one choice per member of staff at the school."""

    NOT_IN_CLASS, MEMBER, TEACHER = "", "member", "teacher"
    PLACES = [(NOT_IN_CLASS, _("Not in this class")), (MEMBER, _("Works in this class")),
              (TEACHER, _("Class teacher"))]

    name = forms.CharField(label=_("Class name"), max_length=60)
    year_group = forms.CharField(label=_("Year group"), max_length=20, required=False,
                                 help_text=_("For example Year 3, or Key Stage 2"))

    def __init__(self, *args, school, staff: list[User], instance=None, memberships=(),
                 **kwargs):
        self.school = school
        self.instance = instance
        self.staff = staff
        initial = kwargs.pop("initial", {})
        if instance is not None:
            initial.update(name=instance.name, year_group=instance.year_group)
        for membership in memberships:
            initial[f"staff_{membership.user_id}"] = (
                self.TEACHER if membership.is_class_teacher else self.MEMBER)
        super().__init__(*args, initial=initial, **kwargs)
        for user in staff:
            self.fields[f"staff_{user.pk}"] = forms.ChoiceField(
                label=user.full_name, choices=self.PLACES, required=False)

    def staff_fields(self):
        return [self[f"staff_{user.pk}"] for user in self.staff]

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        taken = self.school.classes.filter(name__iexact=name)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("There is already a class called %(name)s"),
                                        params={"name": name})
        return name

    def chosen_staff(self) -> dict[int, bool]:
        """{user id: is class teacher} for everyone placed in the class."""
        chosen = {}
        for user in self.staff:
            place = self.cleaned_data.get(f"staff_{user.pk}")
            if place:
                chosen[user.pk] = place == self.TEACHER
        return chosen


# Residential groups ----------------------------------------------------------------------

class ResidentialGroupForm(forms.Form):
    """A residential group and the staff who work in it."""

    name = forms.CharField(label=_("Group name"), max_length=60,
                           help_text=_("For example the name of the house"))
    staff = forms.TypedMultipleChoiceField(
        label=_("Staff in this group"), coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The staff with the residential care role at this school. Residential "
                    "care staff see the pupils of their groups."))

    def __init__(self, *args, school, staff: list[User], instance=None, memberships=(),
                 **kwargs):
        self.school = school
        self.instance = instance
        initial = kwargs.pop("initial", {})
        if instance is not None:
            initial.update(name=instance.name,
                           staff=[membership.user_id for membership in memberships])
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["staff"].choices = [(user.pk, user.full_name) for user in staff]

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        taken = self.school.residential_groups.filter(name__iexact=name)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("There is already a residential group called "
                                          "%(name)s"), params={"name": name})
        return name

    def chosen_staff(self) -> set[int]:
        return set(self.cleaned_data.get("staff") or [])


# Staff -----------------------------------------------------------------------------------

class StaffRolesFields(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    roles = ChoiceCheckboxes(label=_("Roles at this school"), choices=Role.choices,
                             error_messages={"required": _("Choose at least one role")})
    job_title = forms.CharField(label=_("Job title"), max_length=120, required=False,
                                help_text=_("As it should appear to families, for example "
                                            "Deputy head teacher"))


class StaffCreateForm(StaffRolesFields):
    email = forms.EmailField(
        label=_("Email address"), max_length=254,
        help_text=_("They sign in with this address."),
        error_messages={"invalid": _("Enter an email address in the correct format, "
                                     "like name@example.com")})

    field_order = ["full_name", "email", "roles", "job_title"]

    def __init__(self, *args, school, **kwargs):
        self.school = school
        self.existing_user = None
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        existing = User.objects.filter(email__iexact=email).first()
        if existing is None:
            return email
        if existing.staff_roles.filter(school=self.school).exists():
            raise forms.ValidationError(
                _("%(name)s already works at this school: change their roles from the staff "
                  "list"), params={"name": existing.full_name})
        if existing.contacts.exists() and not existing.staff_roles.exists():
            raise forms.ValidationError(
                _("This email address belongs to a family account: use a work address"))
        self.existing_user = existing
        return email


class StaffEditForm(StaffRolesFields):
    def __init__(self, *args, school, member: User, roles: list, acting_user, **kwargs):
        self.school = school
        self.member = member
        self.acting_user = acting_user
        kwargs.setdefault("initial", {
            "full_name": member.full_name,
            "roles": [role.role for role in roles],
            "job_title": next((role.job_title for role in roles if role.job_title), ""),
        })
        super().__init__(*args, **kwargs)
        self.fields["roles"].required = False
        self.fields["roles"].help_text = _("Untick every role to remove them from this school.")

    def clean_roles(self):
        roles = set(self.cleaned_data["roles"])
        if self.member == self.acting_user:
            had = {role for role in self.initial.get("roles", []) if role in STAFF_MANAGER_ROLES}
            if had and not roles & STAFF_MANAGER_ROLES:
                raise forms.ValidationError(
                    _("You cannot remove your own office or principal role: ask a colleague"))
        return sorted(roles)
