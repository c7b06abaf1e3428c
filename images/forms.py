from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from images.models import Image
from images.uploads import clean_upload


class ImageForm(forms.ModelForm):
    """
    Image upload with its editorial data. The file is checked for what it really
    is (content, bytes, pixels) and re-encoded; credit and caption left empty are
    filled from the file's IPTC/EXIF metadata when it carries them.
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
        fields = ["file", "alt_text", "credit", "caption"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.clean_image = None
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
        return upload

    def clean(self):
        cleaned = super().clean()
        metadata = self.clean_image.metadata if self.clean_image else None
        if metadata:
            if not (cleaned.get("credit") or "").strip() and metadata.credit:
                cleaned["credit"] = metadata.credit
            if not (cleaned.get("caption") or "").strip() and metadata.caption:
                cleaned["caption"] = metadata.caption
        if not (cleaned.get("credit") or "").strip() and "credit" not in self.errors:
            self.add_error(
                "credit",
                ValidationError(
                    _("Indiquez les crédits de l'image (le fichier n'en contient pas)."),
                    code="required",
                ),
            )
        return cleaned
