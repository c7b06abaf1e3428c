import json

from django import template
from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime

from articles import caching

register = template.Library()

# The characters that could end a <script> element or start a comment inside one.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

DEFAULT_SIZES = "(min-width: 64rem) 45rem, 100vw"


@register.filter
def json_ld(data: dict) -> str:
    """
    A ``<script type="application/ld+json">`` element for ``data``, serialized with
    json.dumps and with <, > and & escaped, so no field can close the element.
    """
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        JSON_SCRIPT_ESCAPES
    )
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')


def _srcset(renditions: list[dict]) -> str:
    return ", ".join(f"{default_storage.url(r['path'])} {r['width']}w" for r in renditions)


@register.simple_tag
def picture(image, sizes: str = DEFAULT_SIZES, eager: bool = False, css_class: str = ""):
    """
    A responsive ``<picture>``: WebP renditions first, the JPEG/PNG ones as fallback,
    intrinsic width and height against layout shifts, lazy loading unless ``eager``
    (the image at the top of a page must load at once).
    """
    if image is None:
        return ""
    webp = [r for r in image.renditions if r["format"] == "WEBP"]
    fallback = [r for r in image.renditions if r["format"] != "WEBP"]
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
        [(mime, _srcset(items), sizes) for mime, items in (("image/webp", webp),) if items],
    )
    return format_html(
        '<picture{}>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}>'
        "</picture>",
        format_html(' class="{}"', css_class) if css_class else "",
        sources,
        src,
        _srcset(fallback),
        sizes,
        width,
        height,
        image.alt_text,
        mark_safe(loading),
    )


def _alternates(request) -> list[tuple[str, str, str]]:
    """This page in each language; worked out once per request (head and header use it)."""
    current = translation.get_language()
    memo = getattr(request, "_language_alternates", None)
    if memo is not None and memo[0] == (current, request.path):
        return memo[1]
    links = []
    for code, name in settings.LANGUAGES:
        url = translate_url(request.path, code) if request else "/"
        links.append((code, str(name), url if code != current else request.path))
    if request is not None:
        request._language_alternates = ((current, request.path), links)
    return links


@register.simple_tag(takes_context=True)
def language_alternates(context) -> str:
    """``<link rel="alternate" hreflang>`` for each shipped language of this page."""
    request = context.get("request")
    if request is None:
        return ""
    return format_html_join(
        "",
        '<link rel="alternate" hreflang="{}" href="{}">',
        [(code, request.build_absolute_uri(url)) for code, _name, url in _alternates(request)],
    )


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context) -> dict:
    """Plain links to the same page in each language: no form, no cookie, cache friendly."""
    request = context.get("request")
    current = translation.get_language()
    links = _alternates(request) if request else []
    return {
        "languages": [
            {"code": code, "name": name, "url": url, "current": code == current}
            for code, name, url in links
        ]
    }


@register.filter
def w3c_datetime(value) -> str:
    """ISO 8601 to the second in the site's time zone, as sitemaps and feeds expect."""
    if not value:
        return ""
    return localtime(value).isoformat(timespec="seconds")


class FragmentNode(template.Node):
    def __init__(self, nodelist, timeout, name: str, vary_on: list):
        self.nodelist, self.timeout, self.name, self.vary_on = nodelist, timeout, name, vary_on

    def render(self, context) -> str:
        key = make_template_fragment_key(self.name, [v.resolve(context) for v in self.vary_on])
        value = caching.cached_get(key)
        if value is None:
            value = self.nodelist.render(context)
            cache.set(key, value, self.timeout.resolve(context))
        return value


@register.tag("fragment")
def fragment(parser, token):
    """
    ``{% fragment seconds name vary_on… %}…{% endfragment %}``: Django's ``{% cache %}``,
    reading from the entries the view prefetched in one round trip when it did
    (``articles.caching.prefetch``), so a page's fragments cost one cache call, not one each.
    """
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError("'fragment' takes a timeout, a name and vary-on values")
    return FragmentNode(
        nodelist,
        parser.compile_filter(bits[1]),
        bits[2],
        [parser.compile_filter(b) for b in bits[3:]],
    )
