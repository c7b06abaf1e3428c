from django import template
from django.core.files.storage import default_storage
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from images.renditions import FALLBACK_FORMATS

register = template.Library()

DEFAULT_SIZES = "(min-width: 64rem) 45rem, 100vw"


def _srcset(renditions: list[dict]) -> str:
    return ", ".join(f"{default_storage.url(r['path'])} {r['width']}w" for r in renditions)


@register.simple_tag
def picture(
    image,
    sizes: str = DEFAULT_SIZES,
    eager: bool = False,
    css_class: str = "",
    crop: str = "",
    alt: str = "",
):
    """
    A responsive ``<picture>``: AVIF renditions first, then WebP, the JPEG/PNG ones as
    the ``<img>`` every browser reads,
    intrinsic width and height against layout shifts, lazy loading unless ``eager``
    (the image at the top of a page must load at once). Nothing at all for an image
    no public page may show any more (``Image.is_usable``: withdrawn, or its usage
    rights expired): the page reads as if it had none. With ``crop`` ("1:1",
    "16:9"), the thumbnails cropped around the focal point, once they are made.
    ``alt`` replaces the image's own alternative text (a photo block's, written for
    its story).
    """
    if image is None or not image.is_usable:
        return ""
    renditions = [c for c in image.crops if c["crop"] == crop] if crop else []
    renditions = renditions or image.renditions
    avif = [r for r in renditions if r["format"] == "AVIF"]
    webp = [r for r in renditions if r["format"] == "WEBP"]
    fallback = [r for r in renditions if r["format"] in FALLBACK_FORMATS]
    if fallback:
        largest = fallback[-1]
        src, width, height = (
            default_storage.url(largest["path"]),
            largest["width"],
            largest["height"],
        )
    else:
        src, width, height = image.file.url, image.width, image.height
    loading = (
        mark_safe(' fetchpriority="high"')
        if eager
        else mark_safe(' loading="lazy" decoding="async"')
    )
    sources = format_html_join(
        "",
        '<source type="{}" srcset="{}" sizes="{}">',
        [
            (mime, _srcset(items), sizes)
            for mime, items in (("image/avif", avif), ("image/webp", webp))
            if items
        ],
    )
    # Until its renditions are made (a task, after the upload), the original alone.
    srcset = format_html(' srcset="{}" sizes="{}"', _srcset(fallback), sizes) if fallback else ""
    return format_html(
        '<picture{}>{}<img src="{}"{} width="{}" height="{}" alt="{}"{}></picture>',
        format_html(' class="{}"', css_class) if css_class else "",
        sources,
        src,
        srcset,
        width,
        height,
        alt or image.alt_text,
        mark_safe(loading),
    )
