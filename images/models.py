from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def image_upload_to(instance: "Image", filename: str) -> str:
    now = timezone.now()
    return f"images/{now:%Y/%m}/{filename}"


class Image(models.Model):
    """
    An uploaded picture with its editorial data. Credit and alt text are required:
    an image without a credit cannot be published legally, one without alt text
    excludes readers using screen readers.

    ``renditions`` lists the resized files made once at upload
    (``[{"width", "height", "format", "path"}]``), so that pages never resize and
    never need an extra query to find them.
    """

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
    renditions = models.JSONField(_("déclinaisons"), default=list, editable=False)
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
        ]

    def __str__(self) -> str:
        return self.caption or self.alt_text
