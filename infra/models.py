"""
The infrastructure's own records: mail waiting to go out (an outbox), CDN keys
waiting to be purged, and the task queue as the admin shows it. None of them is
part of the newspaper's domain.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult


class OutgoingMail(models.Model):
    """
    A message written in the transaction of the decision that sends it, delivered
    by a task after the commit (``infra.mail``). ``sent_at`` makes delivery happen
    once: a task run again for a sent message does nothing.
    """

    to = models.EmailField(_("destinataire"))
    subject = models.CharField(_("objet"), max_length=250)
    body = models.TextField(_("texte"))
    created_at = models.DateTimeField(_("écrit le"), default=timezone.now)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        indexes = [models.Index(fields=["to"], name="outgoingmail_to_idx")]

    def __str__(self) -> str:
        return self.subject


class PendingPurge(models.Model):
    """
    A surrogate key whose CDN purge is due, or a URL to purge hard (``url:<absolute
    URL>``: a withdrawn image's file). Keys are written once however many changes ask
    for them before the purge task runs (the batch and its deduplication).
    """

    # Long enough for a media URL (a site address, a folder, a slugified file name).
    key = models.CharField(_("clé"), max_length=2000, unique=True)
    queued_at = models.DateTimeField(_("demandée le"), default=timezone.now)

    class Meta:
        verbose_name = _("purge en attente")
        verbose_name_plural = _("purges en attente")

    def __str__(self) -> str:
        return self.key


class TaskRecord(DBTaskResult):
    """django-tasks-db's task results, as the admin lists them (with the right to retry)."""

    class Meta:
        proxy = True
        verbose_name = _("tâche de fond")
        verbose_name_plural = _("tâches de fond")
        permissions = [("retry_task", _("Peut relancer une tâche en échec"))]
