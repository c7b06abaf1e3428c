"""Guessing staff passwords: the lockout per username and address, the ceiling per address."""

import logging
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from tests.infra.staff.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.66"
OFFICE = "198.51.100.20"
WRONG = "not-the-password-42"


def login(client, username: str, password: str, address: str):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def security_messages(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "newsroom.security"]


def test_five_failures_lock_the_username_at_that_address_with_a_french_429(client, editor):
    statuses = [login(client, "marc", WRONG, ATTACKER).status_code for _ in range(5)]

    response = login(client, "marc", PASSWORD, ATTACKER)

    assert statuses == [200, 200, 200, 200, 429]
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    html = response.content.decode()
    assert "Trop de tentatives de connexion ont échoué." in html
    assert "pendant 15 minutes." in html
    assert "_auth_user_id" not in client.session


def test_the_real_user_logs_in_from_another_address_during_the_lockout(client, editor):
    for _ in range(5):
        login(client, "marc", WRONG, ATTACKER)

    response = login(client, "marc", PASSWORD, OFFICE)

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_the_lockout_ends_after_the_cool_off(client, editor):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            login(client, "marc", WRONG, ATTACKER)
    with time_machine.travel(start + timedelta(minutes=14), tick=False):
        assert login(client, "marc", PASSWORD, ATTACKER).status_code == 429
    with time_machine.travel(start + timedelta(minutes=30), tick=False):
        assert login(client, "marc", PASSWORD, ATTACKER).status_code == 302


def test_thirty_failures_from_one_address_lock_it_whatever_the_usernames(client, editor):
    # Four tries per username stay under the pair's limit; the address's ceiling does not.
    statuses = [login(client, f"guess{n // 4}", WRONG, ATTACKER).status_code for n in range(29)]

    assert set(statuses) == {200}
    assert login(client, "guess-last", WRONG, ATTACKER).status_code == 429
    assert login(client, "marc", PASSWORD, ATTACKER).status_code == 429
    assert login(client, "marc", PASSWORD, OFFICE).status_code == 302


def test_the_address_comes_from_the_trusted_proxy(client, editor, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "TRUSTED_PROXIES": 1}
    proxy = "10.0.0.1"
    for _ in range(5):
        client.post(
            reverse("admin:login"),
            {"username": "marc", "password": WRONG},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=f"192.0.2.1, {ATTACKER}",
        )

    from_office = client.post(
        reverse("admin:login"),
        {"username": "marc", "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=OFFICE,
    )

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [ATTACKER]
    assert from_office.status_code == 302


def test_failures_and_lockouts_are_logged_without_the_password(client, editor, caplog):
    caplog.set_level(logging.DEBUG)
    for _ in range(5):
        login(client, "marc", WRONG, ATTACKER)

    # Axes locks out while it handles the fifth failure, before the failure's own line.
    assert security_messages(caplog) == [
        *[f"Login failed for username 'marc' from {ATTACKER}"] * 4,
        f"Login locked out for username 'marc' from {ATTACKER} for 15 minutes",
        f"Login failed for username 'marc' from {ATTACKER}",
    ]
    assert WRONG not in caplog.text
    stored = AccessAttempt.objects.get()
    assert WRONG not in stored.post_data
    assert (stored.username, stored.failures_since_start) == ("marc", 5)


def test_a_successful_login_is_logged_and_clears_the_failures(client, editor, caplog):
    caplog.set_level(logging.INFO, logger="newsroom.security")
    login(client, "marc", WRONG, OFFICE)

    login(client, "marc", PASSWORD, OFFICE)

    assert security_messages(caplog) == [
        f"Login failed for username 'marc' from {OFFICE}",
        f"Login of 'marc' from {OFFICE}",
    ]
    assert AccessAttempt.objects.count() == 0
