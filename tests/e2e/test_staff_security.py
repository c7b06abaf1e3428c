"""The staff's second factor in a real browser: the strict CSP holds on every step."""

from base64 import b32decode

import pytest
from django_otp.oath import totp

from tests.e2e.support import CSP_LISTENER, PASSWORD, csp_violations, url
from tests.infra.staff.support import code, totp_device

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _second_factor_required(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "REQUIRE_2FA": True}


def log_in_with_password(page, live_server, username: str) -> None:
    page.goto(url(live_server, "admin:login"))
    assert csp_violations(page) == []
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()


def test_an_editor_logs_in_with_the_code_of_the_app(live_server, page, shoot, staff_user):
    page.add_init_script(CSP_LISTENER)
    editor = staff_user("marc", "Éditeurs")
    device = totp_device(editor)

    log_in_with_password(page, live_server, "marc")
    page.wait_for_url(url(live_server, "admin:two_factor_verify") + "?next=%2Fadmin%2F")
    assert csp_violations(page) == []
    shoot(page, "20-verification")
    page.get_by_label("Code").fill(code(device))
    page.get_by_role("button", name="Vérifier").click()

    page.wait_for_url(url(live_server, "admin:index"))
    assert page.locator("#site-name").inner_text() == "Newsroom"
    assert csp_violations(page) == []
    page.problems.assert_clean()


def test_a_moderator_enrols_from_the_admin(live_server, page, shoot, staff_user):
    page.add_init_script(CSP_LISTENER)
    staff_user("modo", "Modérateurs")

    log_in_with_password(page, live_server, "modo")
    page.wait_for_url(url(live_server, "admin:two_factor_enrol") + "?next=%2Fadmin%2F")
    qr = page.get_by_role(
        "img", name="Code QR de configuration de l’application d’authentification"
    )
    assert qr.evaluate("(img) => img.complete && img.naturalWidth > 0") is True
    assert csp_violations(page) == []
    shoot(page, "21-activation")
    secret = page.locator(".staff-secret").inner_text().replace(" ", "")
    page.get_by_label("Code").fill(f"{totp(b32decode(secret)):06d}")
    page.get_by_role("button", name="Confirmer").click()

    codes = page.locator(".staff-recovery-codes li")
    codes.first.wait_for()
    assert codes.count() == 10
    assert csp_violations(page) == []
    shoot(page, "22-codes-de-secours")
    page.get_by_role("link", name="J'ai noté mes codes, continuer").click()
    page.wait_for_url(url(live_server, "admin:index"))
    assert csp_violations(page) == []
    page.problems.assert_clean()
