"""Staff sessions end on their own; a password change logs every other session out."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.infra.staff.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def logged_in(client) -> bool:
    return client.get(reverse("admin:index")).status_code == 200


def test_a_staff_session_ends_after_thirty_idle_minutes(client, editor):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(editor)
        clock.shift(timedelta(minutes=29))
        still_there = logged_in(client)
        clock.shift(timedelta(minutes=29))
        after_a_pause = logged_in(client)
        clock.shift(timedelta(minutes=31))
        response = client.get(reverse("admin:index"), follow=True)

    assert (still_there, after_a_pause) == (True, True)
    assert response.redirect_chain[0] == (
        f"{reverse('admin:login')}?next={reverse('admin:index')}",
        302,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Votre session a expiré. Reconnectez-vous pour continuer."
    ]
    assert "_auth_user_id" not in client.session


def test_a_staff_session_ends_twelve_hours_after_the_login_however_busy(client, editor):
    start = timezone.now()
    answers = []
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(editor)
        for _ in range(35):  # a click every 20 minutes for 11 h 40
            clock.shift(timedelta(minutes=20))
            answers.append(logged_in(client))
        clock.shift(timedelta(minutes=20))
        last = logged_in(client)

    assert answers == [True] * 35
    assert last is False


def test_changing_ones_password_logs_out_the_other_sessions(client, editor):
    other = Client()
    client.force_login(editor)
    other.force_login(editor)
    new = "un-nouveau-mot-de-passe-2026"

    response = client.post(
        reverse("admin:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )

    assert response.status_code == 302
    assert logged_in(client) is True
    assert logged_in(other) is False


def test_a_password_reset_by_an_administrator_logs_the_user_out(client, editor, member):
    boss = Client()
    boss.force_login(member("boss", is_superuser=True))
    client.force_login(editor)
    new = "un-nouveau-mot-de-passe-2026"

    boss.post(
        reverse("admin:auth_user_password_change", args=[editor.pk]),
        {"password1": new, "password2": new, "usable_password": "true"},
    )

    assert logged_in(client) is False


def test_passwords_have_twelve_characters_at_least():
    with pytest.raises(ValidationError) as refused:
        validate_password("Vf8#kq2!zP1")

    assert refused.value.messages == [
        "Ce mot de passe est trop court. Il doit contenir au minimum 12 caractères."
    ]
    validate_password("Vf8#kq2!zP1w")
