"""
Mail through an outbox: ``queue_mail`` writes the message in the caller's
transaction and enqueues its delivery after the commit; ``deliver`` (the task's
work) sends it once. A request never talks to the mail server, so a slow or refusing
server never slows or breaks a page; the task retries with backoff.

Delivery is at least once: a crash after the server accepted a message and before
``sent_at`` is written sends it again on the next attempt. Each message carries a
Message-ID made from its row, so mail clients show such a copy once.
"""

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.utils import timezone

from infra import jobs
from infra.models import OutgoingMail


def queue_mail(*, to: str, subject: str, body: str) -> OutgoingMail:
    """Write a message to ``to``; it goes out after the current transaction commits."""
    from infra import tasks  # the task module imports this one

    mail = OutgoingMail.objects.create(to=to, subject=subject, body=body)
    jobs.enqueue_after_commit(tasks.send_mail, mail_id=mail.pk)
    return mail


def message_id(mail: OutgoingMail) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or "localhost"
    return f"<outbox-{mail.pk}.{int(mail.created_at.timestamp())}@{domain}>"


def deliver(*, mail_id: int) -> bool:
    """
    Send a queued message unless it was sent already (or erased): True when sent
    now. A mail server error propagates, so that the task is retried.
    """
    mail = OutgoingMail.objects.filter(pk=mail_id, sent_at=None).first()
    if mail is None:
        return False
    message = EmailMessage(
        mail.subject,
        mail.body,
        settings.DEFAULT_FROM_EMAIL,
        [mail.to],
        headers={"Message-ID": message_id(mail)},
    )
    mailers.default.send_messages([message])
    OutgoingMail.objects.filter(pk=mail.pk, sent_at=None).update(sent_at=timezone.now())
    return True
