"""
The mail server refusing or hanging, through a fault proxy in front of a local SMTP
server: actions that mail answer as usual (they never talk to the server), the mails
wait in the queue, and each goes out exactly once when the server is back.
"""

from datetime import timedelta

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.urls import reverse
from django.utils import timezone

from comments import services
from comments.models import Comment, RejectionReason, Report
from infra.models import OutgoingMail
from tests.factories import CommentFactory, UserFactory
from tests.faults import FaultProxy, free_port
from tests.infra.support import Sink

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def smtp(settings):
    """The production mail backend, talking to a local SMTP server through a fault proxy."""
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with FaultProxy(port) as proxy:
            settings.MAILERS = {
                "default": {
                    "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                    "OPTIONS": {"host": "127.0.0.1", "port": proxy.port, "timeout": 1},
                }
            }
            proxy.sink = sink
            yield proxy
    finally:
        controller.stop()


def run_at(run_worker, moment) -> None:
    with time_machine.travel(moment, tick=False):
        run_worker()


@pytest.mark.parametrize("fault", ["refuse", "blackhole"])
def test_a_notice_is_answered_as_usual_and_acknowledged_once_the_server_is_back(
    client, run_worker, smtp, fault
):
    comment = CommentFactory(status=Comment.Status.PUBLISHED)
    smtp.set_mode(fault)

    now = timezone.now().replace(microsecond=0)
    with time_machine.travel(now, tick=False):
        response = client.post(
            reverse("comments:report", kwargs={"pk": comment.pk}),
            {
                "reason": "illegal",
                "category": "illegal_or_harmful_speech",
                "details": "Injure raciale.",
                "notifier_email": "claire@example.org",
                "good_faith": "on",
            },
        )
    report = Report.objects.get()
    assert (response.status_code, smtp.accepted) == (302, 0)  # the request never mailed

    run_at(run_worker, now)  # the server does not answer: the mail waits
    assert (smtp.sink.messages, OutgoingMail.objects.get().sent_at) == ([], None)

    smtp.set_mode("pass")
    run_at(run_worker, now + timedelta(seconds=30))  # the first backoff has passed
    run_at(run_worker, now + timedelta(hours=2))  # and later runs send nothing again

    assert smtp.sink.recipients() == ["claire@example.org"]
    assert (
        f"référence {report.reference}".encode() in smtp.sink.messages[0][2].replace(b"=\r\n", b"")
        or report.reference.encode() in smtp.sink.messages[0][2]
    )


def test_bulk_rejections_wait_for_the_server_and_each_mail_goes_out_once(run_worker, smtp):
    moderator = UserFactory(is_staff=True)
    comments = [
        CommentFactory(status=Comment.Status.PENDING, email=f"lecteur{i}@example.org")
        for i in range(3)
    ]
    smtp.set_mode("refuse")

    now = timezone.now().replace(microsecond=0)
    with time_machine.travel(now, tick=False):
        for comment in comments:
            services.reject_comment(comment=comment, by=moderator, reason=RejectionReason.SPAM)
    run_at(run_worker, now)
    assert (smtp.sink.messages, OutgoingMail.objects.filter(sent_at=None).count()) == ([], 3)

    smtp.set_mode("pass")
    run_at(run_worker, now + timedelta(seconds=30))
    run_at(run_worker, now + timedelta(hours=2))

    assert smtp.sink.recipients() == [f"lecteur{i}@example.org" for i in range(3)]
    assert OutgoingMail.objects.filter(sent_at=None).count() == 0
