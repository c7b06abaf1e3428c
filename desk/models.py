"""
The desk: how the front page and the sections' pages are arranged (arrangements and
their slots, each one recorded, restorable and possibly scheduled), and the "Alerte"
banner.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Section
from images.models import Image


class ArrangementQuerySet(models.QuerySet):
    def for_page(self, section: Section | None = None) -> "ArrangementQuerySet":
        """The arrangements of the home page (``section=None``) or of one section's page."""
        if section is None:
            return self.filter(section__isnull=True)
        return self.filter(section=section)

    def in_force(self, now=None) -> "ArrangementQuerySet":
        """Arrangements whose time has come (and not cancelled): the newest one is shown."""
        return self.filter(effective_at__lte=now or timezone.now(), cancelled_at__isnull=True)

    def upcoming(self, now=None) -> "ArrangementQuerySet":
        """Scheduled arrangements still to come, soonest first."""
        return self.filter(
            effective_at__gt=now or timezone.now(), cancelled_at__isnull=True
        ).order_by("effective_at", "pk")

    def unannounced(self, now=None) -> "ArrangementQuerySet":
        """In force, but the caches have not been told yet (the scheduled task's work)."""
        return self.in_force(now).filter(announced_at__isnull=True)

    def current(self, section: Section | None = None, now=None) -> "Arrangement | None":
        """
        What the page shows now: the arrangement of this page in force with the latest
        time (a scheduled one takes over at its time by itself, with no job to run).
        """
        return (
            self.for_page(section)
            .in_force(now)
            .select_related("section")
            .order_by("-effective_at", "-pk")
            .first()
        )


class Arrangement(models.Model):
    """
    One arrangement of a page by the desk, as it was decided: who, when, from when it
    applies. Never edited: a change is a new arrangement, so the list of them is the
    page's history and an earlier one can be restored (copied into a new one).
    """

    section = models.ForeignKey(
        Section,
        verbose_name=_("rubrique"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="arrangements",
        help_text=_("Vide : la page d'accueil."),
    )
    # The home page's section blocks, in the desk's order (section ids); sections not
    # listed follow in menu order.
    section_order = models.JSONField(_("ordre des rubriques"), default=list, blank=True)
    effective_at = models.DateTimeField(_("en ligne à partir du"), default=timezone.now)
    created_at = models.DateTimeField(_("décidé le"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_by_name = models.CharField(_("par (nom)"), max_length=150, blank=True)
    restored_from = models.ForeignKey(
        "self",
        verbose_name=_("restauré depuis"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("annulé le"), null=True, blank=True)
    cancelled_by_name = models.CharField(_("annulé par"), max_length=150, blank=True)
    # When the page caches were told (bumped and purged): at once, or by the task
    # due at ``effective_at`` for a scheduled arrangement.
    announced_at = models.DateTimeField(_("annoncé le"), null=True, blank=True)

    objects = ArrangementQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_at", "-pk"]
        verbose_name = _("composition")
        verbose_name_plural = _("compositions")
        indexes = [models.Index(fields=["section", "-effective_at"], name="arrangement_page_idx")]

    def __str__(self) -> str:
        page = self.section.name if self.section_id else _("Accueil")
        return f"{page} — {timezone.localtime(self.effective_at):%d/%m/%Y %H:%M}"

    @property
    def page_name(self) -> str:
        return self.section.name if self.section_id else str(_("Page d'accueil"))


class SlotQuerySet(models.QuerySet):
    def shown(self) -> "SlotQuerySet":
        """
        The slots readers may see: their story is published now (``published()``,
        checked when the page is read, not only when the slot was made), in order.
        """
        return self.filter(article__in=Article.objects.published().values("pk")).order_by(
            "position", "pk"
        )


class Slot(models.Model):
    """A story placed on a page by the desk, with what it shows there instead of its own."""

    class Zone(models.TextChoices):
        LEAD = "lead", _("À la une")
        SECONDARY = "secondary", _("Secondaires")
        SECTION = "section", _("Bloc de sa rubrique")

    arrangement = models.ForeignKey(
        Arrangement, verbose_name=_("composition"), on_delete=models.CASCADE, related_name="slots"
    )
    zone = models.CharField(_("zone"), max_length=12, choices=Zone.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="desk_slots"
    )
    headline = models.CharField(
        _("titre en une"), max_length=200, blank=True, help_text=_("Vide : celui de l'article.")
    )
    lead = models.TextField(
        _("chapô en une"), max_length=600, blank=True, help_text=_("Vide : celui de l'article.")
    )
    image = models.ForeignKey(
        Image,
        verbose_name=_("image en une"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="desk_slots",
        help_text=_("Vide : celle de l'article."),
    )

    objects = SlotQuerySet.as_manager()

    class Meta:
        ordering = ["arrangement", "position", "pk"]
        verbose_name = _("emplacement")
        verbose_name_plural = _("emplacements")
        constraints = [
            models.UniqueConstraint(
                fields=["arrangement", "article"], name="slot_article_once_per_arrangement"
            ),
            models.UniqueConstraint(
                fields=["arrangement"], condition=Q(zone="lead"), name="slot_one_lead"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_zone_display()} — {self.headline or self.article}"


class AlertQuerySet(models.QuerySet):
    def showing(self, now=None) -> "AlertQuerySet":
        """The banner readers see: raised, not lowered, not expired, its story live."""
        now = now or timezone.now()
        return self.filter(
            lowered_at__isnull=True,
            expires_at__gt=now,
            article__in=Article.objects.published(now).values("pk"),
        ).order_by("-raised_at", "-pk")


class Alert(models.Model):
    """The "Alerte" banner at the top of every reader page: a short text, a link to a story."""

    text = models.CharField(
        _("texte"), max_length=140, help_text=_("Court : une ligne en haut de chaque page.")
    )
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="alerts"
    )
    expires_at = models.DateTimeField(_("jusqu'au"))
    raised_at = models.DateTimeField(_("levée le"), default=timezone.now)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    raised_by_name = models.CharField(_("par (nom)"), max_length=150, blank=True)
    lowered_at = models.DateTimeField(_("baissée le"), null=True, blank=True)
    lowered_by_name = models.CharField(_("baissée par"), max_length=150, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        verbose_name = _("alerte")
        verbose_name_plural = _("alertes")

    def __str__(self) -> str:
        return self.text
