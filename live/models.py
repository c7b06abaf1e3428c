"""
Live coverage ("En direct"): the posts of a live page (an article of kind "live"),
newest first, and the record of their edits and deletions.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.body import sanitize_body
from articles.models import Article
from images.models import Image


class LivePostQuerySet(models.QuerySet):
    def visible(self) -> "LivePostQuerySet":
        """The posts readers see: not deleted (a deleted post is kept, with its history)."""
        return self.filter(deleted_at__isnull=True)

    def newest_first(self) -> "LivePostQuerySet":
        return self.order_by("-created_at", "-pk")


class LivePost(models.Model):
    article = models.ForeignKey(
        Article,
        verbose_name=_("direct"),
        on_delete=models.CASCADE,
        related_name="live_posts",
        limit_choices_to={"kind": Article.Kind.LIVE},
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # The name readers see, kept as it was signed (an account may be renamed or deleted).
    author_name = models.CharField(_("signé"), max_length=150)
    text = models.TextField(_("texte"))
    image = models.ForeignKey(
        Image,
        verbose_name=_("image"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="live_posts",
    )
    read_also = models.ForeignKey(
        Article,
        verbose_name=_("lire aussi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Un article lié, montré sous le message."),
    )
    pinned = models.BooleanField(
        _("l'essentiel"), default=False, help_text=_("Épinglé en tête du direct (un seul).")
    )
    important = models.BooleanField(_("important"), default=False)
    created_at = models.DateTimeField(_("publié le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifié le"), default=timezone.now)
    deleted_at = models.DateTimeField(_("supprimé le"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supprimé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = LivePostQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("message de direct")
        verbose_name_plural = _("messages de direct")
        indexes = [models.Index(fields=["article", "-created_at"], name="livepost_article_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(pinned=True, deleted_at__isnull=True),
                name="livepost_one_pinned_per_article",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author_name} — {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:
        self.text = sanitize_body(self.text)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self) -> str:
        return f"message-{self.pk}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class LivePostChange(models.Model):
    """Who changed a post, when, how, and the text it had before."""

    class Action(models.TextChoices):
        EDITED = "edited", _("Modifié")
        DELETED = "deleted", _("Supprimé")
        PINNED = "pinned", _("Épinglé")
        UNPINNED = "unpinned", _("Désépinglé")

    post = models.ForeignKey(
        LivePost, verbose_name=_("message"), on_delete=models.CASCADE, related_name="changes"
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    by_name = models.CharField(_("nom"), max_length=150, blank=True)
    at = models.DateTimeField(_("le"), default=timezone.now)
    previous_text = models.TextField(_("texte précédent"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("modification d'un message")
        verbose_name_plural = _("modifications des messages")

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.by_name}"
