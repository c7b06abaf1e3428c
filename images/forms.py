from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from images.models import Image
from images.uploads import clean_upload


class ImageForm(forms.ModelForm):
    """
    Image upload with its editorial data. The file is checked for what it really
    is (content, bytes, pixels) and re-encoded; credit, caption and date taken left
    empty are filled from the file's IPTC/EXIF metadata when it carries them.
    ``duplicates`` lists the stored images with the same content (a warning, not a
    refusal: the same agency picture may be uploaded again on purpose).
    """

    # A plain file field: Django's ImageField would decode the upload first and answer
    # a vague message for a decompression bomb; clean_upload checks it properly.
    file = forms.FileField(
        label=_("fichier"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("JPEG, PNG ou WebP."),
    )

    class Meta:
        model = Image
        fields = [
            "file",
            "alt_text",
            "credit",
            "caption",
            "licence",
            "cc_variant",
            "rights_holder",
            "source",
            "usage_expires_at",
            "usage_restrictions",
            "taken_at",
            "focal_x",
            "focal_y",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.clean_image = None
        self.duplicates = []
        # The centre when left empty (the numeric fallback of the click on the preview).
        for name in ("focal_x", "focal_y"):
            if name in self.fields:
                self.fields[name].required = False
                self.fields[name].widget.attrs.update(step="0.01", min="0", max="1")
        # Required, but may come from the file's metadata: checked in clean(). (Absent
        # when the admin shows the image read-only.)
        if "credit" in self.fields:
            self.fields["credit"].required = False
            self.fields["credit"].help_text = _(
                "Obligatoire. Laissé vide, il est repris des métadonnées du fichier (IPTC/EXIF)."
            )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if (
            upload
            and upload is not getattr(self.instance, "file", None)
            and hasattr(upload, "content_type")
        ):
            limits = settings.NEWSROOM
            self.clean_image = clean_upload(
                upload,
                max_bytes=limits["IMAGE_MAX_UPLOAD_BYTES"],
                max_pixels=limits["IMAGE_MAX_PIXELS"],
            )
            same = Image.objects.with_content(self.clean_image.content)
            if self.instance.pk:
                same = same.exclude(pk=self.instance.pk)
            self.duplicates = list(same.order_by("pk")[:5])
        return upload

    def _clean_focal(self, name: str) -> float:
        value = self.cleaned_data.get(name)
        return 0.5 if value is None else value

    def clean_focal_x(self):
        return self._clean_focal("focal_x")

    def clean_focal_y(self):
        return self._clean_focal("focal_y")

    def clean(self):
        cleaned = super().clean()
        metadata = self.clean_image.metadata if self.clean_image else None
        if metadata:
            if not (cleaned.get("credit") or "").strip() and metadata.credit:
                cleaned["credit"] = metadata.credit
            if not (cleaned.get("caption") or "").strip() and metadata.caption:
                cleaned["caption"] = metadata.caption
            if not cleaned.get("taken_at") and metadata.taken_at and "taken_at" in self.fields:
                taken = metadata.taken_at
                # A camera's clock without its UTC offset is read as the newsroom's time.
                cleaned["taken_at"] = (
                    taken if timezone.is_aware(taken) else timezone.make_aware(taken)
                )
        self._clean_licence(cleaned)
        if not (cleaned.get("credit") or "").strip() and "credit" not in self.errors:
            self.add_error(
                "credit",
                ValidationError(
                    _("Indiquez les crédits de l'image (le fichier n'en contient pas)."),
                    code="required",
                ),
            )
        return cleaned

    def _clean_licence(self, cleaned: dict) -> None:
        if "licence" not in self.fields:
            return
        if cleaned.get("licence") == Image.Licence.CREATIVE_COMMONS:
            if not cleaned.get("cc_variant") and "cc_variant" not in self.errors:
                self.add_error(
                    "cc_variant",
                    ValidationError(
                        _("Précisez la variante de la licence Creative Commons."),
                        code="required",
                    ),
                )
        elif cleaned.get("cc_variant"):
            self.add_error(
                "cc_variant",
                ValidationError(
                    _("Une variante ne s'indique que pour une licence Creative Commons."),
                    code="not_creative_commons",
                ),
            )
