from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comments.models import Comment


class AuthorityOrder(models.Model):
    """
    The register of orders from judicial or administrative authorities (DSA Arts 9
    and 10): the order, the comments it concerns, the effect given and when, and the
    notice to the author where the authority allows it.
    """

    class Kind(models.TextChoices):
        ACT = "act", _("Injonction d'agir contre un contenu illicite (art. 9)")
        INFORMATION = "information", _("Injonction de fournir des informations (art. 10)")

    kind = models.CharField(_("nature"), max_length=12, choices=Kind.choices)
    authority = models.CharField(_("autorité"), max_length=200)
    reference = models.CharField(_("référence de l'injonction"), max_length=100)
    issued_on = models.DateField(_("émise le"))
    received_at = models.DateTimeField(_("reçue le"), default=timezone.now)
    scope = models.TextField(_("objet et portée"))
    comments = models.ManyToManyField(
        Comment, verbose_name=_("commentaires concernés"), blank=True, related_name="+"
    )
    effect = models.TextField(_("suite donnée"), blank=True)
    effect_at = models.DateTimeField(_("suite donnée le"), null=True, blank=True)
    author_informed_at = models.DateTimeField(_("auteur informé le"), null=True, blank=True)
    author_notice_withheld = models.BooleanField(
        _("information de l'auteur différée ou interdite par l'autorité"), default=False
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enregistrée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_by_name = models.CharField(_("enregistrée par (nom)"), max_length=150, blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("injonction d'une autorité")
        verbose_name_plural = _("registre des injonctions (art. 9 et 10 DSA)")

    def __str__(self) -> str:
        return f"{self.authority} — {self.reference}"
