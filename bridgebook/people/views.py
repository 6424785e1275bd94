"""Staff pages for pupils, families (contacts), classes and staff.

Each view: sign-in → access layer (404 when the thing may not be seen, 403 when it may be
seen but not changed) → form → one action or selector → render or redirect.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bridgebook.core.access import (
    GROUP_ROLES,
    PEOPLE_MANAGER_ROLES,
    STAFF_MANAGER_ROLES,
    access_class,
    access_contact,
    access_pupil,
    access_residential_group,
    access_school,
    can_manage_people,
    can_manage_staff,
    viewer_for,
    visible_classes,
    visible_pupils,
)
from bridgebook.core.paging import paginate
from bridgebook.people import actions, selectors
from bridgebook.people.forms import (
    ClassForm,
    ContactForm,
    PupilContactAddForm,
    PupilContactForm,
    PupilForm,
    ResidentialGroupForm,
    StaffCreateForm,
    StaffEditForm,
)
from bridgebook.people.models import PupilContact, is_entitled_to_anyone


def _int_or_none(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


# Pupils ----------------------------------------------------------------------------------

@login_required
def pupil_list(request, urn: str):
    school = access_school(request.user, urn)
    request.bridgebook_school = school
    search = request.GET.get("q", "").strip()[:100]
    classes = list(visible_classes(request.user).filter(school=school).order_by("name"))
    class_id = _int_or_none(request.GET.get("class"))
    pupils = selectors.pupil_list(request.user, school, search=search, class_id=class_id)
    return render(request, "people/pupil_list.html", {
        "school": school, "search": search, "classes": classes,
        "class_id": class_id, **paginate(request, pupils),
        "can_manage": can_manage_people(request.user, school),
    })


@login_required
def pupil_create(request, urn: str):
    school = access_school(request.user, urn, need=PEOPLE_MANAGER_ROLES)
    request.bridgebook_school = school
    form = PupilForm(request.POST or None, school=school)
    if request.method == "POST" and form.is_valid():
        try:
            pupil = actions.do_create_pupil(school=school, data=form.cleaned_data,
                                            acting_user=request.user)
        except IntegrityError:  # the same UPN saved by someone else a moment ago
            form.add_error("upn", _("Another pupil at this school already has this UPN"))
        else:
            messages.success(request, _("%(name)s added.") % {"name": pupil.display_name})
            return redirect("people:pupil", pupil.pk)
    return render(request, "people/pupil_form.html", {"school": school, "form": form})


@login_required
def pupil_detail(request, pk: int):
    pupil = access_pupil(request.user, pk)
    viewer = viewer_for(request.user)
    actions.do_record_pupil_view(pupil=pupil, acting_user=request.user)
    context = {"pupil": pupil, "school": pupil.school, "is_staff_view": False}
    if viewer.is_staff_member:
        request.bridgebook_school = pupil.school
        links = selectors.pupil_contact_links(pupil)
        context.update(
            is_staff_view=True, links=links,
            siblings=selectors.siblings(request.user, pupil, links),
            can_manage=can_manage_people(request.user, pupil.school),
        )
    return render(request, "people/pupil_detail.html", context)


@login_required
def pupil_edit(request, pk: int):
    pupil = access_pupil(request.user, pk, write=True)
    request.bridgebook_school = pupil.school
    form = PupilForm(request.POST or None, school=pupil.school, instance=pupil)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_pupil(pupil=pupil, data=form.cleaned_data,
                                    acting_user=request.user)
        except IntegrityError:
            form.add_error("upn", _("Another pupil at this school already has this UPN"))
        else:
            messages.success(request, _("Changes saved."))
            return redirect("people:pupil", pupil.pk)
    return render(request, "people/pupil_form.html",
                  {"school": pupil.school, "form": form, "pupil": pupil})


@login_required
def pupil_contact_add(request, pk: int):
    pupil = access_pupil(request.user, pk, write=True)
    request.bridgebook_school = pupil.school
    households = selectors.households_near_pupil(pupil)
    form = PupilContactAddForm(request.POST or None, pupil=pupil, households=households,
                               user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new = form.is_new_contact
        link = actions.do_add_pupil_contact(
            pupil=pupil, link_data=form.link_data(), acting_user=request.user,
            contact=data["contact"],
            contact_data=form.contact_data() if new else None,
            household=data.get("household_obj") if new else None,
            new_address=form.household_data() if new else None,
        )
        messages.success(request, _("%(name)s added as a contact.")
                         % {"name": link.contact.full_name})
        return redirect("people:pupil", pupil.pk)
    search = request.GET.get("q", "").strip()[:100]
    chosen = request.POST.get("contact", "") if request.method == "POST" else ""
    candidates = selectors.contact_candidates(request.user, pupil.school, pupil, search,
                                              chosen=chosen)
    return render(request, "people/pupil_contact_add.html", {
        "school": pupil.school, "pupil": pupil, "form": form, "search": search,
        "candidates": candidates, "chosen": chosen,
    })


def _access_pupil_link(user, pk: int) -> PupilContact:
    """A pupil's link to a contact, for staff who may change the pupil's contacts.

    Families never see links (404); staff who see the pupil but may not change it get 403.
    """
    if not viewer_for(user).is_staff_member:
        raise Http404
    link = PupilContact.objects.filter(pk=pk, pupil__in=visible_pupils(user)).select_related(
        "contact").first()
    if link is None:
        raise Http404
    link.pupil = access_pupil(user, link.pupil_id, write=True)
    return link


@login_required
def pupil_contact_edit(request, pk: int):
    link = _access_pupil_link(request.user, pk)
    pupil = link.pupil
    request.bridgebook_school = pupil.school
    form = PupilContactForm(request.POST or None, instance=link)
    if request.method == "POST" and form.is_valid():
        actions.do_update_pupil_contact(link=link, link_data=form.link_data(),
                                        acting_user=request.user)
        messages.success(request, _("Changes saved."))
        return redirect("people:pupil", pupil.pk)
    return render(request, "people/pupil_contact_edit.html",
                  {"school": pupil.school, "pupil": pupil, "link": link, "form": form})


# Contacts ("Families") -------------------------------------------------------------------

@login_required
def contact_list(request, urn: str):
    school = access_school(request.user, urn)
    request.bridgebook_school = school
    search = request.GET.get("q", "").strip()[:100]
    contacts = selectors.contact_list(request.user, school, search=search)
    return render(request, "people/contact_list.html", {
        "school": school, "search": search, **paginate(request, contacts),
        "can_manage": can_manage_people(request.user, school),
    })


@login_required
def contact_create(request, urn: str):
    school = access_school(request.user, urn, need=PEOPLE_MANAGER_ROLES)
    request.bridgebook_school = school
    form = ContactForm(request.POST or None, households=[])
    if request.method == "POST" and form.is_valid():
        contact = actions.do_create_contact(
            school=school, data=form.contact_data(), acting_user=request.user,
            household=form.cleaned_data["household_obj"], new_address=form.household_data())
        messages.success(request, _("%(name)s added.") % {"name": contact.full_name})
        return redirect("people:contact", contact.pk)
    return render(request, "people/contact_form.html", {"school": school, "form": form})


@login_required
def contact_detail(request, pk: int):
    contact = access_contact(request.user, pk)
    request.bridgebook_school = contact.school
    actions.do_record_contact_view(contact=contact, acting_user=request.user)
    can_manage = can_manage_people(request.user, contact.school)
    return render(request, "people/contact_detail.html", {
        "contact": contact, "school": contact.school,
        "links": selectors.contact_pupil_links(request.user, contact),
        "can_manage": can_manage,
        # Nobody entitled to no pupil is offered an invitation (the action refuses it too).
        "may_invite": can_manage and is_entitled_to_anyone(contact.pk),
    })


@login_required
def contact_edit(request, pk: int):
    contact = access_contact(request.user, pk, write=True)
    request.bridgebook_school = contact.school
    households = selectors.households_near_contact(contact)
    form = ContactForm(request.POST or None, households=households, instance=contact)
    if request.method == "POST" and form.is_valid():
        actions.do_update_contact(
            contact=contact, data=form.contact_data(), acting_user=request.user,
            household=form.cleaned_data["household_obj"], new_address=form.household_data())
        messages.success(request, _("Changes saved."))
        return redirect("people:contact", contact.pk)
    return render(request, "people/contact_form.html",
                  {"school": contact.school, "form": form, "contact": contact})


# Classes ---------------------------------------------------------------------------------

@login_required
def class_list(request, urn: str):
    school = access_school(request.user, urn)
    request.bridgebook_school = school
    return render(request, "people/class_list.html", {
        "school": school, "classes": selectors.class_list(request.user, school),
        "can_manage": can_manage_staff(request.user, school),
        "boards": selectors.boards(school),
    })


@login_required
def class_create(request, urn: str):
    school = access_school(request.user, urn, need=STAFF_MANAGER_ROLES)
    request.bridgebook_school = school
    form = ClassForm(request.POST or None, school=school, staff=selectors.school_staff(school))
    if request.method == "POST" and form.is_valid():
        school_class = actions.do_create_class(school=school, data=form.cleaned_data,
                                               staff=form.chosen_staff(),
                                               acting_user=request.user)
        messages.success(request, _("%(name)s added.") % {"name": school_class.name})
        return redirect("people:class", school_class.pk)
    return render(request, "people/class_form.html", {"school": school, "form": form})


@login_required
def class_detail(request, pk: int):
    school_class = access_class(request.user, pk)
    request.bridgebook_school = school_class.school
    return render(request, "people/class_detail.html", {
        "school_class": school_class, "school": school_class.school,
        "memberships": selectors.class_memberships(school_class),
        "pupils": selectors.class_pupils(request.user, school_class),
        "can_manage": can_manage_staff(request.user, school_class.school),
    })


@login_required
def class_edit(request, pk: int):
    school_class = access_class(request.user, pk, write=True)
    school = school_class.school
    request.bridgebook_school = school
    form = ClassForm(request.POST or None, school=school, staff=selectors.school_staff(school),
                     instance=school_class,
                     memberships=selectors.class_memberships(school_class))
    if request.method == "POST" and form.is_valid():
        actions.do_update_class(school_class=school_class, data=form.cleaned_data,
                                staff=form.chosen_staff(), acting_user=request.user)
        messages.success(request, _("Changes saved."))
        return redirect("people:class", school_class.pk)
    return render(request, "people/class_form.html",
                  {"school": school, "form": form, "school_class": school_class})


# Residential groups (only at a school that boards) ---------------------------------------

@login_required
def residential_group_list(request, urn: str):
    school = access_school(request.user, urn)
    request.bridgebook_school = school
    return render(request, "people/residential_group_list.html", {
        "school": school, "groups": selectors.residential_group_list(request.user, school),
        "can_manage": can_manage_staff(request.user, school),
    })


@login_required
def residential_group_create(request, urn: str):
    school = access_school(request.user, urn, need=STAFF_MANAGER_ROLES)
    request.bridgebook_school = school
    form = ResidentialGroupForm(request.POST or None, school=school,
                                staff=selectors.school_staff(school, roles=GROUP_ROLES))
    if request.method == "POST" and form.is_valid():
        group = actions.do_create_residential_group(
            school=school, data=form.cleaned_data, staff=form.chosen_staff(),
            acting_user=request.user)
        messages.success(request, _("%(name)s added.") % {"name": group.name})
        return redirect("people:residential_group", group.pk)
    return render(request, "people/residential_group_form.html",
                  {"school": school, "form": form})


@login_required
def residential_group_detail(request, pk: int):
    group = access_residential_group(request.user, pk)
    request.bridgebook_school = group.school
    return render(request, "people/residential_group_detail.html", {
        "group": group, "school": group.school,
        "memberships": selectors.residential_memberships(group),
        "pupils": selectors.residential_pupils(request.user, group),
        "can_manage": can_manage_staff(request.user, group.school),
    })


@login_required
def residential_group_edit(request, pk: int):
    group = access_residential_group(request.user, pk, write=True)
    school = group.school
    request.bridgebook_school = school
    form = ResidentialGroupForm(request.POST or None, school=school,
                                staff=selectors.school_staff(school, roles=GROUP_ROLES),
                                instance=group,
                                memberships=selectors.residential_memberships(group))
    if request.method == "POST" and form.is_valid():
        actions.do_update_residential_group(group=group, data=form.cleaned_data,
                                            staff=form.chosen_staff(),
                                            acting_user=request.user)
        messages.success(request, _("Changes saved."))
        return redirect("people:residential_group", group.pk)
    return render(request, "people/residential_group_form.html",
                  {"school": school, "form": form, "group": group})


# Staff -----------------------------------------------------------------------------------

@login_required
def staff_list(request, urn: str):
    school = access_school(request.user, urn, need=STAFF_MANAGER_ROLES)
    request.bridgebook_school = school
    search = request.GET.get("q", "").strip()[:100]
    return render(request, "people/staff_list.html", {
        "school": school, "search": search,
        **paginate(request, selectors.staff_list(school, search=search)),
    })


@login_required
def staff_create(request, urn: str):
    school = access_school(request.user, urn, need=STAFF_MANAGER_ROLES)
    request.bridgebook_school = school
    form = StaffCreateForm(request.POST or None, school=school)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        member = actions.do_add_staff_member(
            school=school, email=data["email"], full_name=data["full_name"],
            roles=data["roles"], job_title=data["job_title"], acting_user=request.user)
        if form.existing_user is None:
            messages.success(request, _(
                "%(name)s added. Their account has no password yet: the office sets a first "
                "password with “manage.py changepassword %(email)s”, then they set up their "
                "authenticator app when they first sign in.")
                % {"name": member.full_name, "email": member.email})
        else:
            messages.success(request, _("%(name)s already had an account and now works at "
                                        "this school too.") % {"name": member.full_name})
        return redirect("people:staff_member", school.urn, member.pk)
    return render(request, "people/staff_create.html", {"school": school, "form": form})


@login_required
def staff_edit(request, urn: str, user_id: int):
    school = access_school(request.user, urn, need=STAFF_MANAGER_ROLES)
    request.bridgebook_school = school
    member = selectors.staff_member(school, user_id)
    if member is None:
        raise Http404
    form = StaffEditForm(request.POST or None, school=school, member=member,
                         roles=member.roles_here, acting_user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.do_update_staff_member(
            school=school, user=member, full_name=data["full_name"], roles=data["roles"],
            job_title=data["job_title"], acting_user=request.user)
        if not data["roles"]:
            messages.success(request, _("%(name)s no longer works at this school.")
                             % {"name": data["full_name"]})
            return redirect("people:staff", school.urn)
        messages.success(request, _("Changes saved."))
        return redirect("people:staff_member", school.urn, member.pk)
    return render(request, "people/staff_member.html",
                  {"school": school, "form": form, "member": member})
