"""
The second factor's pages, under the admin: verification after the password, and
enrolment (QR code, secret, first code, recovery codes shown once). Only a staff
member logged in with a password reaches them; enrolment only without a device,
so a stolen password cannot add a second one.
"""

from base64 import b32encode
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from infra.staff import twofactor
from infra.staff.forms import CodeForm

RECOVERY_SESSION_KEY = "staff_recovery_codes"


def _next_url(request) -> str:
    target = request.POST.get(REDIRECT_FIELD_NAME, request.GET.get(REDIRECT_FIELD_NAME, ""))
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


def _page(request, template: str, title: str, **context):
    return TemplateResponse(
        request,
        template,
        {
            **admin.site.each_context(request),
            "title": title,
            "next": _next_url(request),
            "redirect_field_name": REDIRECT_FIELD_NAME,
            **context,
        },
    )


def _staff_only(view):
    """A password-authenticated staff member, verified or not; others go to the login."""

    @never_cache
    @csrf_protect
    @sensitive_post_parameters("code")
    def wrapper(request, *args, **kwargs):
        if not (request.user.is_active and request.user.is_staff):
            query = urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('admin:login')}?{query}")
        return view(request, *args, **kwargs)

    return wrapper


@_staff_only
def verify(request):
    if not twofactor.has_device(request.user):
        return HttpResponseRedirect(_with_next(reverse("admin:two_factor_enrol"), request))
    if request.user.is_verified():
        return HttpResponseRedirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if twofactor.verify(request=request, token=form.cleaned_data["code"]):
            return HttpResponseRedirect(_next_url(request))
        form.refuse()
    return _page(
        request, "admin/staff/verify.html", gettext("Vérification en deux étapes"), form=form
    )


@_staff_only
def enrol(request):
    if twofactor.has_device(request.user):
        # Adding a device needs the session verified with the existing one.
        if not request.user.is_verified():
            return HttpResponseRedirect(_with_next(reverse("admin:two_factor_verify"), request))
        return HttpResponseRedirect(_next_url(request))
    device = twofactor.start_enrolment(user=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.confirm_enrolment(
            request=request, device=device, token=form.cleaned_data["code"]
        )
        if codes is not None:
            # Shown once, on the next page, then forgotten.
            request.session[RECOVERY_SESSION_KEY] = codes
            return HttpResponseRedirect(_with_next(reverse("admin:two_factor_codes"), request))
        form.refuse()
    uri = device.config_url
    return _page(
        request,
        "admin/staff/enrol.html",
        gettext("Activer la vérification en deux étapes"),
        form=form,
        otpauth_uri=uri,
        qr_code=twofactor.qr_code(uri),
        secret=_grouped(device),
    )


@_staff_only
def recovery_codes(request):
    codes = request.session.pop(RECOVERY_SESSION_KEY, None)
    if not codes:
        return HttpResponseRedirect(_next_url(request))
    return _page(
        request, "admin/staff/recovery_codes.html", gettext("Vos codes de secours"), codes=codes
    )


def _grouped(device) -> str:
    """The base32 secret in groups of four, for typing it into an app by hand."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _with_next(url: str, request) -> str:
    return f"{url}?{urlencode({REDIRECT_FIELD_NAME: _next_url(request)})}"
