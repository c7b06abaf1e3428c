import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Agency, Article
from images.models import Image


def hash_token(token: str) -> str:
    """Tokens are stored as their SHA-256: long random strings need no slow hash."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def _split(value: str) -> list[str]:
    return [part.strip().lower() for part in value.replace("\n", ",").split(",") if part.strip()]


class WireSource(models.Model):
    """An agency's wire: how its items are recognised, its push token, where its pictures live."""

    agency = models.OneToOneField(
        Agency, verbose_name=_("agence"), on_delete=models.CASCADE, related_name="wire"
    )
    provider_ids = models.CharField(
        _("identifiants du fournisseur"),
        max_length=300,
        help_text=_(
            "Ce que ses dépêches déclarent comme fournisseur, séparé par des virgules : "
            "« afp.com, AFP, nprov:AFP »."
        ),
    )
    token_hash = models.CharField(_("jeton (empreinte)"), max_length=64, blank=True, editable=False)
    picture_hosts = models.CharField(
        _("serveurs des photos"),
        max_length=300,
        blank=True,
        help_text=_(
            "Les seuls serveurs d'où les photos de ses dépêches sont téléchargées, séparés "
            "par des virgules (« photos.afp.com »). Vide : aucune photo n'est téléchargée."
        ),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("fil d'agence")
        verbose_name_plural = _("fils d'agences")

    def __str__(self) -> str:
        return str(self.agency)

    def provides(self, provider: str) -> bool:
        return (provider or "").strip().lower() in _split(self.provider_ids)

    @property
    def hosts(self) -> list[str]:
        return _split(self.picture_hosts)


class ReceivedItem(models.Model):
    """An agency file as it arrived, bytes and all, with what its ingest made of it."""

    class Origin(models.TextChoices):
        PUSH = "push", _("Envoi HTTP")
        DROP = "drop", _("Dossier de dépôt")
        COMMAND = "command", _("Commande")

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("Acceptée")
        DUPLICATE = "duplicate", _("Déjà reçue")
        REFUSED = "refused", _("Refusée")

    source = models.ForeignKey(
        WireSource,
        verbose_name=_("fil"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="received",
    )
    origin = models.CharField(_("arrivée"), max_length=10, choices=Origin.choices)
    filename = models.CharField(_("nom du fichier"), max_length=255, blank=True)
    format = models.CharField(_("format"), max_length=20, blank=True)
    uri = models.CharField(_("URI"), max_length=500, blank=True)
    version = models.CharField(_("version"), max_length=40, blank=True)
    size = models.PositiveBigIntegerField(_("taille (octets)"), default=0)
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64, blank=True)
    content = models.BinaryField(_("contenu reçu"), blank=True, editable=False)
    received_at = models.DateTimeField(_("reçue le"), default=timezone.now, db_index=True)
    outcome = models.CharField(_("résultat"), max_length=10, choices=Outcome.choices)
    log = models.TextField(_("journal"), blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("réception")
        verbose_name_plural = _("réceptions")

    def __str__(self) -> str:
        return self.filename or self.uri or f"#{self.pk}"


class DispatchQuerySet(models.QuerySet):
    def in_queue(self) -> "DispatchQuerySet":
        """The desk's queue: the latest version of each item, newest first."""
        return self.filter(is_current=True).order_by("-received_at", "-pk")

    def unused_before(self, when) -> "DispatchQuerySet":
        """Dispatches no article was made from, received before ``when`` (the retention rule)."""
        return self.filter(article__isnull=True, received_at__lt=when)


class Dispatch(models.Model):
    """An agency item as the desk reads it: parsed, its body cleaned, its pictures stored."""

    class Status(models.TextChoices):
        USABLE = "usable", _("Nouvelle")
        UPDATE = "update", _("Mise à jour")
        CORRECTION = "correction", _("Correction")
        REPLACES = "replaces", _("Annule et remplace")
        WITHDRAWN = "withdrawn", _("Retirée (kill)")

    class Subject(models.TextChoices):
        # The IPTC subject codes' first level (Media Topics use the same numbers).
        ARTS = "01", _("Arts, culture, divertissement")
        CRIME = "02", _("Justice, criminalité")
        DISASTER = "03", _("Catastrophes, accidents")
        ECONOMY = "04", _("Économie, finances")
        EDUCATION = "05", _("Éducation")
        ENVIRONMENT = "06", _("Environnement")
        HEALTH = "07", _("Santé")
        PEOPLE = "08", _("Personnalités")
        LABOUR = "09", _("Social, travail")
        LIFESTYLE = "10", _("Vie quotidienne, loisirs")
        POLITICS = "11", _("Politique")
        RELIGION = "12", _("Religion")
        SCIENCE = "13", _("Sciences, technologie")
        SOCIETY = "14", _("Société")
        SPORT = "15", _("Sport")
        CONFLICT = "16", _("Conflits, guerres")
        WEATHER = "17", _("Météo")

    source = models.ForeignKey(
        WireSource, verbose_name=_("fil"), on_delete=models.PROTECT, related_name="dispatches"
    )
    received = models.ForeignKey(
        ReceivedItem,
        verbose_name=_("réception"),
        on_delete=models.CASCADE,
        related_name="dispatches",
    )
    uri = models.CharField(_("URI"), max_length=500)
    version = models.CharField(_("version"), max_length=40)
    version_number = models.PositiveIntegerField(_("numéro de version"), default=0)
    format = models.CharField(_("format"), max_length=20)
    kind = models.CharField(_("nature"), max_length=10, default="text")
    received_at = models.DateTimeField(_("reçue le"), default=timezone.now)
    first_created = models.DateTimeField(_("créée le"), null=True, blank=True)
    version_created = models.DateTimeField(_("version du"), null=True, blank=True)
    headline = models.CharField(_("titre"), max_length=500, blank=True)
    slugline = models.CharField(_("mot-clé"), max_length=200, blank=True)
    byline = models.CharField(_("signature"), max_length=300, blank=True)
    dateline = models.CharField(_("lieu et date"), max_length=300, blank=True)
    summary = models.TextField(_("résumé"), blank=True)
    priority = models.PositiveSmallIntegerField(
        _("priorité"), null=True, blank=True, help_text=_("De 1 (flash) à 9.")
    )
    language = models.CharField(_("langue"), max_length=20, blank=True)
    subjects = models.JSONField(_("sujets"), default=list, blank=True)
    subject_top = models.CharField(
        _("thème"), max_length=2, choices=Subject.choices, blank=True, db_index=True
    )
    body = models.TextField(_("texte"), blank=True)
    copyright_holder = models.CharField(_("titulaire des droits"), max_length=300, blank=True)
    copyright_notice = models.CharField(_("mention des droits"), max_length=500, blank=True)
    usage_terms = models.TextField(_("conditions d'utilisation"), blank=True)
    status = models.CharField(
        _("statut"), max_length=12, choices=Status.choices, default=Status.USABLE
    )
    embargo_until = models.DateTimeField(_("embargo jusqu'au"), null=True, blank=True)
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("remplace"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaced_by",
    )
    is_current = models.BooleanField(_("dernière version"), default=True)
    article = models.ForeignKey(
        Article,
        verbose_name=_("article tiré de la dépêche"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dispatches",
    )
    taken_at = models.DateTimeField(_("reprise le"), null=True, blank=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reprise par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = DispatchQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("dépêche")
        verbose_name_plural = _("dépêches")
        constraints = [
            models.UniqueConstraint(fields=["uri", "version"], name="dispatch_uri_version"),
        ]
        indexes = [models.Index(fields=["is_current", "-received_at"], name="dispatch_queue_idx")]

    def __str__(self) -> str:
        return self.headline or self.uri

    def is_urgent(self) -> bool:
        limit = settings.NEWSROOM["WIRE_URGENT_PRIORITY"]
        return self.status == self.Status.WITHDRAWN or (
            self.priority is not None and self.priority <= limit
        )


class DispatchPicture(models.Model):
    """A picture of a dispatch, downloaded and stored as an image, with its rights."""

    dispatch = models.ForeignKey(
        Dispatch, verbose_name=_("dépêche"), on_delete=models.CASCADE, related_name="pictures"
    )
    image = models.ForeignKey(
        Image, verbose_name=_("image"), on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    source_uri = models.CharField(_("URI d'origine"), max_length=500, blank=True)
    copyright_holder = models.CharField(_("titulaire des droits"), max_length=300, blank=True)
    usage_terms = models.TextField(_("conditions d'utilisation"), blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("photo de la dépêche")
        verbose_name_plural = _("photos de la dépêche")

    def __str__(self) -> str:
        return str(self.image)


class WireAlert(models.Model):
    """An article made from a dispatch whose item changed since: its editors must know."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="wire_alerts"
    )
    dispatch = models.ForeignKey(
        Dispatch, verbose_name=_("nouvelle version"), on_delete=models.CASCADE, related_name="+"
    )
    urgent = models.BooleanField(_("urgent"), default=False)
    created_at = models.DateTimeField(_("le"), default=timezone.now)
    acknowledged_at = models.DateTimeField(_("vue le"), null=True, blank=True)

    class Meta:
        ordering = ["-urgent", "-created_at", "-pk"]
        verbose_name = _("alerte du fil")
        verbose_name_plural = _("alertes du fil")

    def __str__(self) -> str:
        return f"{self.article} — {self.dispatch.get_status_display()}"


class PartnerToken(models.Model):
    """A partner of the ninjs feed who may read more than readers: scheduled stories too."""

    name = models.CharField(_("partenaire"), max_length=120, unique=True)
    token_hash = models.CharField(_("jeton (empreinte)"), max_length=64, editable=False)
    active = models.BooleanField(_("actif"), default=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)

    class Meta:
        verbose_name = _("partenaire ninjs")
        verbose_name_plural = _("partenaires ninjs")
        constraints = [
            models.CheckConstraint(condition=~Q(token_hash=""), name="partner_token_required")
        ]

    def __str__(self) -> str:
        return self.name
