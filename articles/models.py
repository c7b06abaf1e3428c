import operator
import re

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from articles.body import sanitize_body
from images.models import Image

# First path segments that belong to the site itself and so cannot be a section slug.
RESERVED_SLUGS = frozenset(
    {"admin", "static", "media", "en", "fr", "i18n", "rss", "healthz", "article", "rubrique"}
    | {"recherche", "direct"}
)


def make_slug(title: str) -> str:
    """A URL slug that keeps elided words ("l'inflation") and numbers ("1,9 %") apart."""
    return slugify(re.sub(r"['\u2019.,]", " ", title))[:200].strip("-") or "article"


def validate_not_reserved(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("« %(slug)s » est réservé par le site, choisissez un autre identifiant."),
            code="reserved",
            params={"slug": value},
        )


class Section(models.Model):
    name = models.CharField(_("nom"), max_length=80, unique=True)
    slug = models.SlugField(
        _("identifiant d'URL"), max_length=80, unique=True, validators=[validate_not_reserved]
    )
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Ordre d'affichage dans le menu et en une.")
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("rubrique")
        verbose_name_plural = _("rubriques")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:section", kwargs={"slug": self.slug})


class Topic(models.Model):
    name = models.CharField(_("nom"), max_length=80, unique=True)
    slug = models.SlugField(_("identifiant d'URL"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("sujet")
        verbose_name_plural = _("sujets")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:topic", kwargs={"slug": self.slug})


class Author(models.Model):
    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(_("identifiant d'URL"), max_length=120, unique=True)
    role = models.CharField(
        _("fonction"),
        max_length=120,
        blank=True,
        help_text=_("Par exemple « Journaliste »."),
    )
    bio = models.TextField(_("biographie"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("auteur")
        verbose_name_plural = _("auteurs")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:author", kwargs={"slug": self.slug})


class Agency(models.Model):
    """A news agency whose copy a story uses, credited as "(Avec AFP)"."""

    name = models.CharField(_("nom"), max_length=120, unique=True)
    short_name = models.CharField(
        _("sigle"),
        max_length=20,
        unique=True,
        help_text=_("Affiché dans « Avec AFP »."),
    )
    url = models.URLField(_("site"), blank=True)

    class Meta:
        ordering = ["short_name"]
        verbose_name = _("agence")
        verbose_name_plural = _("agences")

    def __str__(self) -> str:
        return self.short_name


def scheduled_condition(now) -> Q:
    """
    What "scheduled" means, written once: published, but held back by a publication
    time or an embargo still in the future. ``ArticleQuerySet.scheduled`` filters with
    it and ``Article.is_scheduled`` evaluates it on one article.
    """
    return Q(status=Article.Status.PUBLISHED) & (Q(published_at__gt=now) | Q(embargo_until__gt=now))


_COMPARISONS = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


def holds(condition: Q, obj: models.Model) -> bool:
    """
    Whether ``obj`` meets ``condition``, evaluated in Python without a query, the way
    the database would: comparing an empty (NULL) field is false, its negation true.
    Knows the plain field lookups of ``_COMPARISONS``, enough for the conditions of
    this module.
    """
    results = []
    for child in condition.children:
        if isinstance(child, Q):
            results.append(holds(child, obj))
            continue
        lookup, expected = child
        name, _sep, comparison = lookup.partition("__")
        compare = _COMPARISONS[comparison or "exact"]
        value = getattr(obj, name)
        if value is None or expected is None:
            # Only "is empty" (Django's ``field=None``) is true of an empty field.
            results.append(value is None and expected is None and compare is operator.eq)
        else:
            results.append(compare(value, expected))
    met = all(results) if condition.connector == Q.AND else any(results)
    return met != condition.negated


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None) -> "ArticleQuerySet":
        """
        Articles readers may see: published, their publication time reached and
        any embargo lifted. The single definition of "published": every reader
        page, feed, sitemap, ranking and search starts from it. It compares with
        the current time, so a scheduled story goes live on time with no job to run.
        """
        now = now or timezone.now()
        return self.filter(
            Q(embargo_until__isnull=True) | Q(embargo_until__lte=now),
            status=Article.Status.PUBLISHED,
            published_at__lte=now,
        )

    def scheduled(self, now=None) -> "ArticleQuerySet":
        """
        Published articles readers cannot see yet: their publication time or their
        embargo is still ahead (see ``scheduled_condition``).
        """
        return self.filter(scheduled_condition(now or timezone.now()))

    def for_cards(self) -> "ArticleQuerySet":
        """
        What a list of article cards needs, fetched in a fixed number of queries
        (the body, the largest column, is left out).
        """
        return (
            self.select_related("section", "main_image")
            .defer("body")
            .prefetch_related(Prefetch("authors", queryset=Author.objects.only("name", "slug")))
        )

    def live_or_scheduled(self, now=None) -> "ArticleQuerySet":
        """Articles readers see, or will see without anyone's further action."""
        now = now or timezone.now()
        return self.published(now) | self.scheduled(now)

    def latest_first(self) -> "ArticleQuerySet":
        return self.order_by("-published_at", "-pk")


@reversion.register(exclude=["version", "comment_count", "modified_at"])
class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        REVIEW = "review", _("En relecture")
        PUBLISHED = "published", _("Publié")
        UNPUBLISHED = "unpublished", _("Dépublié")

    class Kind(models.TextChoices):
        ARTICLE = "article", _("Article")
        LIVE = "live", _("Direct")

    class CommentMode(models.TextChoices):
        PRE_MODERATED = "pre", _("Modération a priori")
        POST_MODERATED = "post", _("Modération a posteriori")
        CLOSED = "closed", _("Fermés")

    kind = models.CharField(
        _("type"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.ARTICLE,
        help_text=_("Un direct montre un fil de messages, du plus récent au plus ancien."),
    )
    title = models.CharField(_("titre"), max_length=200)
    short_headline = models.CharField(
        _("titre court"),
        max_length=100,
        blank=True,
        help_text=_(
            "Facultatif : remplace le titre sur les cartes, la une et les réseaux sociaux."
        ),
    )
    slug = models.SlugField(
        _("identifiant d'URL"),
        max_length=200,
        blank=True,
        help_text=_("Tiré du titre si laissé vide. L'ancienne adresse redirige vers la nouvelle."),
    )
    lead = models.TextField(_("chapô"), blank=True)
    body = models.TextField(_("texte"), blank=True)
    section = models.ForeignKey(
        Section,
        verbose_name=_("rubrique"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("sujets"), blank=True, related_name="articles"
    )
    authors = models.ManyToManyField(
        Author, verbose_name=_("auteurs"), blank=True, related_name="articles"
    )
    credit_line = models.CharField(
        _("signature"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple « La rédaction », en plus ou à la place des auteurs."),
    )
    agencies = models.ManyToManyField(
        Agency, verbose_name=_("agences"), blank=True, related_name="articles"
    )
    main_image = models.ForeignKey(
        Image,
        verbose_name=_("image principale"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
    )
    # What the body's blocks show, kept by articles.services on every save: the
    # image's "used in", its expiry and the pages to refresh find them here.
    body_images = models.ManyToManyField(
        Image,
        verbose_name=_("images du texte"),
        blank=True,
        editable=False,
        related_name="body_articles",
    )
    body_embeds = models.ManyToManyField(
        "embeds.Embed",
        verbose_name=_("contenus externes du texte"),
        blank=True,
        editable=False,
        related_name="articles",
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)
    embargo_until = models.DateTimeField(
        _("embargo jusqu'au"),
        null=True,
        blank=True,
        help_text=_("L'article reste invisible avant cette date, même s'il est publié."),
    )
    content_updated_at = models.DateTimeField(
        _("mis à jour le"),
        null=True,
        blank=True,
        help_text=_("Date de la dernière mise à jour annoncée aux lecteurs."),
    )
    live_ended_at = models.DateTimeField(
        _("direct terminé le"),
        null=True,
        blank=True,
        help_text=_("Un direct terminé l'annonce à ses lecteurs et reste dans les archives."),
    )
    comment_mode = models.CharField(
        _("commentaires"),
        max_length=10,
        choices=CommentMode.choices,
        default=CommentMode.PRE_MODERATED,
        help_text=_(
            "Les commentaires ferment aussi d'eux-mêmes quelques jours après la publication."
        ),
    )
    comment_count = models.PositiveIntegerField(
        _("commentaires publiés"), default=0, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("modifié par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Augmente à chaque enregistrement : protège des modifications simultanées."),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [("publish_article", _("Peut publier, programmer, dépublier et corriger"))]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_pub_idx"),
            models.Index(
                fields=["section", "status", "-published_at"], name="article_section_pub_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = make_slug(self.title)
        self.body = sanitize_body(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug, "pk": self.pk})

    @property
    def display_headline(self) -> str:
        """The headline where space is tight (cards, the front page, social tags)."""
        return self.short_headline or self.title

    @property
    def is_scheduled(self) -> bool:
        """Published with a publication time (or embargo) still in the future."""
        return holds(scheduled_condition(timezone.now()), self)

    @property
    def is_live(self) -> bool:
        return self.kind == Article.Kind.LIVE

    @property
    def live_has_ended(self) -> bool:
        """A live page ends when its end time is set and reached."""
        return bool(self.is_live and self.live_ended_at and self.live_ended_at <= timezone.now())

    @property
    def is_updated(self) -> bool:
        """True when the story was announced as changed after it went live."""
        return bool(
            self.published_at
            and self.content_updated_at
            and self.content_updated_at > self.published_at
        )

    @property
    def date_modified(self):
        return self.content_updated_at if self.is_updated else self.published_at


class Correction(models.Model):
    """A dated correction or update note shown on the article ("Mis à jour le … : …")."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        UPDATE = "update", _("Mise à jour")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices, default=Kind.UPDATE)
    text = models.TextField(_("texte"), max_length=1000)
    created_at = models.DateTimeField(_("le"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.text[:60]}"


class WorkflowEvent(models.Model):
    """Who moved an article from one status to another, and when."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="workflow"
    )
    from_status = models.CharField(_("de"), max_length=20, choices=Article.Status.choices)
    to_status = models.CharField(_("vers"), max_length=20, choices=Article.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    by_name = models.CharField(_("nom"), max_length=150, blank=True)
    at = models.DateTimeField(_("le"), default=timezone.now)
    publish_at = models.DateTimeField(_("publication prévue le"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("étape de publication")
        verbose_name_plural = _("étapes de publication")

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class ShareLinkQuerySet(models.QuerySet):
    def alive(self) -> "ShareLinkQuerySet":
        """Links not revoked (by hand, or by the article's unpublishing or return to draft)."""
        return self.filter(revoked_at__isnull=True)


class ShareLink(models.Model):
    """
    A preview link for a reviewer without an account: who made it, when, for which
    article, and when it died. The signed token names this record, which the
    preview page checks on every visit.
    """

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="share_links"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créé par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_by_name = models.CharField(_("créé par (nom)"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    revoked_by_name = models.CharField(_("révoqué par"), max_length=150, blank=True)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("lien de prévisualisation")
        verbose_name_plural = _("liens de prévisualisation")

    def __str__(self) -> str:
        return f"{self.article_id} — {self.created_at:%Y-%m-%d %H:%M}"
