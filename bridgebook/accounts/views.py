import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from bridgebook.accounts import actions
from bridgebook.accounts.access import access_invitation, access_second_factor_setup
from bridgebook.accounts.forms import CodeForm, FamilySignInForm, StaffSignInForm
from bridgebook.accounts.models import digest
from bridgebook.core.access import viewer_for
from bridgebook.core.client_ip import client_ip

FAMILY_ADDRESS_SESSION_KEY = "bridgebook_family_address"


def locked_out(request, credentials, *args, **kwargs):
    """What django-axes shows after too many failed staff sign-ins."""
    form = StaffSignInForm(request.POST or None)
    return render(request, "accounts/locked_out.html", {"form": form}, status=429)


# Staff ----------------------------------------------------------------------------------

def sign_in(request):
    form = StaffSignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, email=form.cleaned_data["email"].lower(),
                            password=form.cleaned_data["password"])
        if hasattr(request, "axes_locked_out") and request.axes_locked_out:
            return locked_out(request, None)
        if user is None:
            form.add_error(None, _("The email address or password is not right"))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            if settings.BRIDGEBOOK_STAFF_2FA:
                return redirect("accounts:two_factor")
            return redirect(_next_url(request))
    return render(request, "accounts/sign_in.html", {"form": form})


def _next_url(request) -> str:
    target = request.GET.get("next") or reverse("core:home")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("core:home")


@login_required
def two_factor(request):
    """Ask for the TOTP code, or send someone without an authenticator to set one up."""
    if request.user.is_verified():
        return redirect("core:home")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect("accounts:two_factor_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _details = device.verify_is_allowed()
        if not allowed:
            form.add_error("code", _("Too many wrong codes. Wait a minute and try again"))
        elif actions.do_verify_second_factor(user=request.user, device=device,
                                             code=form.cleaned_data["code"]):
            otp_login(request, device)
            return redirect(_next_url(request))
        else:
            form.add_error("code", _("That code is not right. Enter the code your "
                                     "authenticator app shows now"))
    demo_code = _current_code(device) if settings.BRIDGEBOOK_DEMO else None
    return render(request, "accounts/two_factor.html", {"form": form, "demo_code": demo_code})


def _current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@login_required
def two_factor_setup(request):
    access_second_factor_setup(request.user)
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect("accounts:two_factor")
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Authenticator app"})
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if actions.do_confirm_authenticator(user=request.user, device=device,
                                            code=form.cleaned_data["code"]):
            otp_login(request, device)
            messages.success(request, _("Your authenticator app is set up."))
            return redirect("core:home")
        form.add_error("code", _("That code is not right. Check the time on your phone and "
                                 "enter the code your app shows now"))
    secret = base64.b32encode(device.bin_key).decode()
    return render(request, "accounts/two_factor_setup.html",
                  {"form": form, "qr_svg": _qr_svg(device.config_url), "secret": secret})


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


@require_POST
def sign_out(request):
    logout(request)
    messages.success(request, _("You have signed out."))
    return redirect("core:home")


@login_required
def account(request):
    viewer = viewer_for(request.user)
    has_device = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    return render(request, "accounts/account.html", {"viewer": viewer, "has_device": has_device})


# Families --------------------------------------------------------------------------------

def _over_limit(key: str, limit: int) -> bool:
    """Count one request against a per-hour limit kept in the shared cache."""
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > limit


def family_sign_in(request):
    form = FamilySignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        address = form.cleaned_data["address"]
        ip = client_ip(request)
        limit = settings.BRIDGEBOOK_FAMILY_REQUESTS_PER_HOUR
        limited = _over_limit(f"family-sign-in:address:{digest(address)}", limit)
        limited = _over_limit(f"family-sign-in:ip:{ip}", limit * 4) or limited
        if not limited:
            actions.do_request_family_sign_in(address=address)
        request.session[FAMILY_ADDRESS_SESSION_KEY] = address
        return redirect("accounts:family_code")
    return render(request, "accounts/family_sign_in.html", {"form": form})


def family_code(request):
    address = request.session.get(FAMILY_ADDRESS_SESSION_KEY)
    if not address:
        return redirect("accounts:family_sign_in")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = actions.do_redeem_code(address=address, code=form.cleaned_data["code"])
        if user is not None:
            request.session.pop(FAMILY_ADDRESS_SESSION_KEY, None)
            return _family_login(request, user)
        form.add_error("code", _("That code is not right or has expired. Check the latest "
                                 "message we sent, or ask for a new code"))
    channel = "email" if "@" in address else "sms"
    return render(request, "accounts/family_code.html",
                  {"form": form, "address": address, "channel": channel})


def family_link(request, secret: str):
    """A sign-in link asks for one press of a button, so email scanners cannot use it up."""
    if request.method == "POST":
        user = actions.do_redeem_link(link_secret=secret)
        if user is None:
            return render(request, "accounts/family_link_expired.html", status=410)
        return _family_login(request, user)
    return render(request, "accounts/family_link.html")


def _family_login(request, user):
    """Sign in the user a link or code redeemed (the action audited it)."""
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect("core:home")


@login_required
@require_POST
def invite_contact(request, contact_id: int):
    contact = access_invitation(request.user, contact_id)
    try:
        channel = actions.do_invite_contact(contact=contact, acting_user=request.user)
    except actions.InvitationRefused as refused:
        if refused.restricted:
            messages.error(request, _("%(name)s cannot be invited: a court order restricts "
                                      "them, so Bridgebook sends them nothing.")
                           % {"name": contact.full_name})
        else:
            messages.error(request, _("%(name)s cannot be invited: they do not have parental "
                                      "responsibility and are not named to receive "
                                      "information about any pupil.")
                           % {"name": contact.full_name})
        return redirect("people:contact", contact.pk)
    if channel is None:
        messages.error(request, _("Add an email address or mobile number before inviting "
                                  "%(name)s.") % {"name": contact.full_name})
    else:
        messages.success(request, _("Invitation sent to %(name)s.") % {"name": contact.full_name})
    return redirect("people:contact", contact.pk)


