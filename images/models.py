import hashlib

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def image_upload_to(instance: "Image", filename: str) -> str:
    now = timezone.now()
    return f"images/{now:%Y/%m}/{filename}"


def content_hash(content: bytes) -> str:
    """
    The fingerprint of a stored file (SHA-256 of its re-encoded content): the same
    picture uploaded twice, whatever its name or metadata, gives the same one.
    """
    return hashlib.sha256(content).hexdigest()


class ImageQuerySet(models.QuerySet):
    def with_content(self, content: bytes):
        """The images whose stored file is exactly ``content`` (re-encoded by clean_upload)."""
        return self.filter(content_hash=content_hash(content))

    def usable(self, at=None):
        """
        The images a public page may show ``at`` (now by default): not withdrawn, and
        their usage rights not expired. The one definition of "usable" (with
        ``Image.is_usable``), for every reader query that lists images.
        """
        at = at or timezone.now()
        return self.filter(withdrawn_at=None).filter(
            Q(usage_expires_at=None) | Q(usage_expires_at__gt=at)
        )

    def unusable(self, at=None):
        """The images no public page may show ``at``: withdrawn, or their rights expired."""
        at = at or timezone.now()
        return self.filter(Q(withdrawn_at__isnull=False) | Q(usage_expires_at__lte=at))


class Image(models.Model):
    """
    An uploaded picture with its editorial data. Credit and alt text are required:
    an image without a credit cannot be published legally, one without alt text
    excludes readers using screen readers.

    ``renditions`` lists the resized files made once at upload
    (``[{"width", "height", "format", "path"}]``), so that pages never resize and
    never need an extra query to find them.

    Rights: the licence and its holder, and an optional ``usage_expires_at`` past
    which no public page may show the image (``is_usable``); at that time the image
    is withdrawn (``withdrawn_at``, and an ``ImageWithdrawal`` row says who, what and
    when). ``focal_x``/``focal_y`` (0..1, from the left and the top) keep the subject
    inside the cropped thumbnails.
    """

    class Licence(models.TextChoices):
        OWN = "own", _("Production propre")
        AGENCY = "agency", _("Agence")
        CREATIVE_COMMONS = "cc", _("Creative Commons")
        RESERVED = "reserved", _("Droits réservés")

    class CreativeCommons(models.TextChoices):
        BY = "BY", "CC BY"
        BY_SA = "BY-SA", "CC BY-SA"
        BY_ND = "BY-ND", "CC BY-ND"
        BY_NC = "BY-NC", "CC BY-NC"
        BY_NC_SA = "BY-NC-SA", "CC BY-NC-SA"
        BY_NC_ND = "BY-NC-ND", "CC BY-NC-ND"
        CC0 = "CC0", "CC0"

    file = models.ImageField(
        _("fichier"), upload_to=image_upload_to, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(_("largeur"), editable=False, default=0)
    height = models.PositiveIntegerField(_("hauteur"), editable=False, default=0)
    alt_text = models.CharField(
        _("texte alternatif"),
        max_length=250,
        help_text=_("Décrit l'image pour les lecteurs qui ne la voient pas."),
    )
    caption = models.CharField(_("légende"), max_length=500, blank=True)
    credit = models.CharField(
        _("crédits"), max_length=200, help_text=_("Affiché « (Crédits : …) » sous l'image.")
    )
    licence = models.CharField(
        _("licence"),
        max_length=10,
        choices=Licence.choices,
        blank=True,
        help_text=_("Sous quelle licence le journal publie cette image."),
    )
    cc_variant = models.CharField(
        _("variante Creative Commons"),
        max_length=10,
        choices=CreativeCommons.choices,
        blank=True,
        help_text=_("Seulement pour une licence Creative Commons."),
    )
    rights_holder = models.CharField(
        _("détenteur des droits"),
        max_length=200,
        blank=True,
        help_text=_("L'agence, le photographe ou l'auteur qui détient les droits."),
    )
    usage_expires_at = models.DateTimeField(
        _("fin des droits d'utilisation"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "À cette date, l'image est retirée de toutes les pages publiques. Vide : sans limite."
        ),
    )
    usage_restrictions = models.TextField(
        _("restrictions d'utilisation"),
        blank=True,
        help_text=_("Par exemple : « Pas de vente aux tiers », « Usage web uniquement »."),
    )
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("D'où vient l'image : agence, adresse de la page d'origine…"),
    )
    taken_at = models.DateTimeField(
        _("prise de vue"),
        null=True,
        blank=True,
        help_text=_("Reprise des métadonnées du fichier (EXIF/IPTC) quand il en contient."),
    )
    content_hash = models.CharField(
        _("empreinte du contenu"), max_length=64, blank=True, db_index=True, editable=False
    )
    focal_x = models.FloatField(
        _("point focal (horizontal)"),
        default=0.5,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_("De 0 (bord gauche) à 1 (bord droit)."),
    )
    focal_y = models.FloatField(
        _("point focal (vertical)"),
        default=0.5,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_("De 0 (haut) à 1 (bas)."),
    )
    withdrawn_at = models.DateTimeField(
        _("retirée le"), null=True, blank=True, editable=False, db_index=True
    )
    expiry_alerted_at = models.DateTimeField(
        _("alerte d'expiration envoyée le"), null=True, blank=True, editable=False
    )
    renditions = models.JSONField(_("déclinaisons"), default=list, editable=False)
    # The cropped thumbnails around the focal point (``images.renditions.make_crops``):
    # ``[{"crop", "width", "height", "format", "path"}]``.
    crops = models.JSONField(_("recadrages"), default=list, editable=False)
    uploaded_at = models.DateTimeField(_("envoyée le"), default=timezone.now, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("envoyée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = ImageQuerySet.as_manager()

    class Meta:
        # The table the images were created in when they belonged to the articles app.
        db_table = "articles_image"
        ordering = ["-uploaded_at"]
        verbose_name = _("image")
        verbose_name_plural = _("images")
        permissions = [
            (
                "change_used_image",
                _("Peut modifier une image utilisée par un article en ligne ou programmé"),
            )
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(credit=""), name="image_credit_required"),
            models.CheckConstraint(condition=~Q(alt_text=""), name="image_alt_text_required"),
            models.CheckConstraint(
                condition=Q(licence="cc", cc_variant__gt="")
                | (~Q(licence="cc") & Q(cc_variant="")),
                name="image_cc_variant_with_cc_licence",
            ),
            models.CheckConstraint(
                condition=Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="image_focal_point_inside",
            ),
        ]

    def __str__(self) -> str:
        return self.caption or self.alt_text

    @property
    def is_usable(self) -> bool:
        """Whether a public page may show it now (``ImageQuerySet.usable`` for one image)."""
        if self.withdrawn_at is not None:
            return False
        return self.usage_expires_at is None or self.usage_expires_at > timezone.now()

    @property
    def licence_label(self) -> str:
        """The licence as the credit line names it: "CC BY-SA", "Droits réservés"…"""
        if self.licence == self.Licence.CREATIVE_COMMONS and self.cc_variant:
            return self.get_cc_variant_display()
        return self.get_licence_display() if self.licence else ""


class ImageWithdrawal(models.Model):
    """
    The record of an image taken off the public pages: when, by whom (``None`` when
    the expiry job did it), why, and which public files were moved away.
    """

    class Reason(models.TextChoices):
        EXPIRED = "expired", _("Droits d'utilisation expirés")
        MANUAL = "manual", _("Retrait manuel")

    image = models.ForeignKey(
        Image, verbose_name=_("image"), on_delete=models.CASCADE, related_name="withdrawals"
    )
    at = models.DateTimeField(_("le"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField(_("motif"), max_length=10, choices=Reason.choices)
    note = models.TextField(_("détail"), blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("retrait d'image")
        verbose_name_plural = _("retraits d'images")

    def __str__(self) -> str:
        return f"{self.image} — {self.get_reason_display()}"
