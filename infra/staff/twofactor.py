"""
The second factor of staff accounts (django-otp): who must give one, and the writes
of enrolment. A TOTP app (any authenticator: the QR code or the secret) and single-use
recovery codes for the day the phone is lost.
"""

import logging

import django_otp
import segno
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

security_log = logging.getLogger("newsroom.security")

TOTP_NAME = "Application d'authentification"
RECOVERY_NAME = "Codes de secours"


def is_required(user) -> bool:
    """
    Whether this staff member must give a second factor: superusers and the groups of
    ``NEWSROOM["TWO_FACTOR_GROUPS"]`` (editors, moderators), and anyone who enrolled,
    while ``NEWSROOM["REQUIRE_2FA"]`` is on (production; relaxed in development).
    """
    if not (settings.NEWSROOM["REQUIRE_2FA"] and user.is_authenticated and user.is_staff):
        return False
    if user.is_superuser or has_device(user):
        return True
    return user.groups.filter(name__in=settings.NEWSROOM["TWO_FACTOR_GROUPS"]).exists()


def has_device(user) -> bool:
    return django_otp.user_has_device(user, confirmed=True)


def is_pending(request) -> bool:
    """A staff member logged in with a password who still owes the second factor."""
    user = request.user
    return is_required(user) and not user.is_verified()


def qr_code(uri: str) -> str:
    """The enrolment QR code as a data: URI (an <img>, which the CSP's img-src allows)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


@transaction.atomic
def start_enrolment(*, user) -> TOTPDevice:
    """The unconfirmed TOTP device being enrolled (the same one until it is confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


@transaction.atomic
def confirm_enrolment(*, request, device: TOTPDevice, token: str) -> list[str] | None:
    """
    Confirm the TOTP device with a first code from the app; the session counts as
    verified and new recovery codes replace any old ones. Returns them (to show
    once), or None when the code is wrong.
    """
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if not device.verify_token(token):
        security_log.warning("Enrolment code refused for %r", device.user.get_username())
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = replace_recovery_codes(user=device.user)
    django_otp.login(request, device)
    security_log.info("Second factor enrolled for %r", device.user.get_username())
    return codes


@transaction.atomic
def replace_recovery_codes(*, user) -> list[str]:
    """New single-use recovery codes; the old ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.NEWSROOM["RECOVERY_CODES"])]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def verify(*, request, token: str) -> bool:
    """
    Check a code from the app (six digits) or a recovery code (which is then spent)
    against that one device, and mark the session verified. django-otp throttles a
    device after a wrong code (each failure doubles the wait).
    """
    user = request.user
    token = "".join(token.split()).lower()
    model = TOTPDevice if token.isdigit() else StaticDevice
    device = model.objects.devices_for_user(user, confirmed=True).select_for_update().first()
    if device is None or not device.verify_token(token):
        security_log.warning("Second factor refused for %r", user.get_username())
        return False
    django_otp.login(request, device)
    kind = "TOTP" if model is TOTPDevice else "recovery code"
    security_log.info("Second factor (%s) accepted for %r", kind, user.get_username())
    return True
