"""The second factor: a stolen password alone does not open the admin."""

import logging
from datetime import timedelta
from urllib.parse import urlencode

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.models import Article
from infra.staff import twofactor
from tests.factories import ArticleFactory
from tests.infra.staff.support import code, totp_device

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _required(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "REQUIRE_2FA": True}


def verify_url(next_url: str) -> str:
    return f"{reverse('admin:two_factor_verify')}?{urlencode({'next': next_url})}"


def enrol_url(next_url: str) -> str:
    return f"{reverse('admin:two_factor_enrol')}?{urlencode({'next': next_url})}"


def test_a_password_alone_opens_no_admin_page_of_an_enrolled_editor(client, editor):
    totp_device(editor)
    draft = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    client.force_login(editor)
    changelist = reverse("admin:articles_article_changelist")

    response = client.get(changelist)
    publish = client.post(reverse("admin:articles_article_workflow", args=[draft.pk, "publish"]))
    preview = client.get(reverse("articles:preview", args=[draft.pk]))
    audience = client.get(reverse("audience:dashboard"))

    assert (response.status_code, response["Location"]) == (302, verify_url(changelist))
    assert publish.status_code == 302
    assert publish["Location"].startswith(reverse("admin:two_factor_verify"))
    draft.refresh_from_db()
    assert draft.status == Article.Status.REVIEW
    assert preview.status_code == 302
    assert preview["Location"].startswith(reverse("admin:two_factor_verify"))
    assert audience.status_code == 302


def test_the_code_of_the_app_opens_the_admin(client, editor, caplog):
    caplog.set_level(logging.INFO, logger="newsroom.security")
    device = totp_device(editor)
    client.force_login(editor)
    index = reverse("admin:index")

    start = timezone.now()
    with time_machine.travel(start, tick=False):
        wrong = client.post(verify_url(index), {"code": "000000", "next": index})
    # After the second that django-otp makes a guesser wait.
    with time_machine.travel(start + timedelta(seconds=2), tick=False):
        right = client.post(verify_url(index), {"code": code(device), "next": index})

    assert wrong.status_code == 200
    assert wrong.context["form"].errors == {
        "code": [
            "Ce code n'est pas valide. Vérifiez l'heure de votre téléphone, attendez le code "
            "suivant ou utilisez un code de secours."
        ]
    }
    assert (right.status_code, right["Location"]) == (302, index)
    assert client.get(index).status_code == 200
    assert [r.getMessage() for r in caplog.records][-2:] == [
        "Second factor refused for 'marc'",
        "Second factor (TOTP) accepted for 'marc'",
    ]


def test_a_code_is_accepted_once(client, editor):
    device = totp_device(editor)
    token = code(device)
    client.force_login(editor)
    client.post(verify_url("/admin/"), {"code": token})
    client.logout()
    client.force_login(editor)

    again = client.post(verify_url("/admin/"), {"code": token})

    assert again.status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302


def test_wrong_codes_throttle_the_device(client, editor):
    device = totp_device(editor)
    client.force_login(editor)
    with time_machine.travel(timezone.now(), tick=False):
        client.post(verify_url("/admin/"), {"code": "123456"})
        # Right, but too soon after a wrong one: django-otp makes the guesser wait.
        refused = client.post(verify_url("/admin/"), {"code": code(device)})

    assert refused.status_code == 200
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_a_recovery_code_opens_the_admin_once(client, editor):
    totp_device(editor)
    codes = twofactor.replace_recovery_codes(user=editor)
    client.force_login(editor)

    first = client.post(verify_url("/admin/"), {"code": codes[0].upper()})
    client.logout()
    client.force_login(editor)
    second = client.post(verify_url("/admin/"), {"code": codes[0]})

    assert first.status_code == 302
    assert second.status_code == 200
    assert StaticToken.objects.filter(device__user=editor).count() == 9


def test_a_staff_member_without_a_device_is_sent_to_enrolment(client, moderator):
    client.force_login(moderator)
    queue = reverse("admin:comments_comment_changelist")

    response = client.get(queue)
    page = client.get(enrol_url(queue))

    assert (response.status_code, response["Location"]) == (302, enrol_url(queue))
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=moderator, confirmed=False)
    assert '<img src="data:image/svg+xml;charset=utf-8,%3Csvg%20' in html
    assert device.config_url.replace("&", "&amp;") in html
    assert page.context["secret"].replace(" ", "") in device.config_url
    # Reloading the page keeps the secret the app may have scanned already.
    assert client.get(enrol_url(queue)).context["secret"] == page.context["secret"]


def test_enrolment_confirms_with_a_first_code_and_shows_the_recovery_codes_once(client, moderator):
    client.force_login(moderator)
    queue = reverse("admin:comments_comment_changelist")
    client.get(enrol_url(queue))
    device = TOTPDevice.objects.get(user=moderator)

    start = timezone.now()
    with time_machine.travel(start, tick=False):
        wrong = client.post(enrol_url(queue), {"code": "000000", "next": queue})
    with time_machine.travel(start + timedelta(seconds=2), tick=False):
        right = client.post(enrol_url(queue), {"code": code(device), "next": queue})
    codes_page = client.get(right["Location"])
    again = client.get(right["Location"])

    assert wrong.status_code == 200
    assert wrong.context["form"]["code"].value() == "000000"
    codes_url = f"{reverse('admin:two_factor_codes')}?{urlencode({'next': queue})}"
    assert (right.status_code, right["Location"]) == (302, codes_url)
    shown = codes_page.context["codes"]
    assert len(shown) == 10
    assert sorted(shown) == sorted(
        StaticToken.objects.filter(device__user=moderator).values_list("token", flat=True)
    )
    assert (again.status_code, again["Location"]) == (302, queue)
    assert client.get(queue).status_code == 200


def test_a_stolen_password_cannot_enrol_a_second_device(client, editor):
    totp_device(editor)
    client.force_login(editor)

    response = client.get(enrol_url("/admin/"))

    assert (response.status_code, response["Location"]) == (302, verify_url("/admin/"))
    assert TOTPDevice.objects.filter(user=editor).count() == 1


def test_a_journalist_without_a_device_is_not_asked(client, journalist):
    client.force_login(journalist)

    assert client.get(reverse("admin:index")).status_code == 200


def test_superusers_are_asked(client, member):
    boss = member("boss", is_superuser=True)
    client.force_login(boss)

    assert client.get(reverse("admin:index"))["Location"] == enrol_url(reverse("admin:index"))


def test_development_relaxes_the_second_factor(client, editor, settings):
    totp_device(editor)
    settings.NEWSROOM = {**settings.NEWSROOM, "REQUIRE_2FA": False}
    client.force_login(editor)

    assert client.get(reverse("admin:index")).status_code == 200


def test_the_login_page_sends_a_logged_in_editor_on_to_the_second_factor(client, editor):
    totp_device(editor)
    client.force_login(editor)

    response = client.get(reverse("admin:login") + "?next=/admin/articles/")

    assert (response.status_code, response["Location"]) == (302, verify_url("/admin/articles/"))


def test_an_editor_who_owes_the_code_can_still_log_out(client, editor):
    totp_device(editor)
    client.force_login(editor)

    client.post(reverse("admin:logout"))

    assert "_auth_user_id" not in client.session


def test_the_next_address_stays_on_the_site(client, editor):
    device = totp_device(editor)
    client.force_login(editor)

    response = client.post(verify_url("https://evil.example/"), {"code": code(device)})

    assert response["Location"] == reverse("admin:index")


def test_the_second_factor_pages_need_a_password_first(client):
    response = client.get(reverse("admin:two_factor_verify"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
