from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Embed(models.Model):
    """
    A third party's content (a video, a post, a chart) as its oEmbed answer, fetched
    once by a task and kept: pages read it from here, never from the provider.
    ``html`` is the answer's markup cleaned by ``embeds.oembed.clean_html`` (an
    iframe from the provider's own hosts, or plain text): empty until fetched, and
    when the fetch failed the pages show a plain link to ``url``.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        READY = "ready", _("Prêt")
        FAILED = "failed", _("Échec")

    url = models.URLField(_("adresse"), max_length=500, unique=True)
    provider = models.CharField(_("fournisseur"), max_length=50)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    title = models.CharField(_("titre"), max_length=300, blank=True)
    author_name = models.CharField(_("auteur"), max_length=200, blank=True)
    html = models.TextField(_("code d'intégration"), blank=True)
    error = models.CharField(_("erreur"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)
    fetched_at = models.DateTimeField(_("récupéré le"), null=True, blank=True)

    class Meta:
        verbose_name = _("contenu externe")
        verbose_name_plural = _("contenus externes")

    def __str__(self) -> str:
        return self.title or self.url
