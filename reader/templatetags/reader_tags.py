import json
from functools import lru_cache

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timezone import localdate, localtime
from django.utils.translation import gettext

from audience.rankings import sidebar
from infra import pagecache
from infra.site import site_url
from reader import content

register = template.Library()

# The characters that could end a <script> element or start a comment inside one.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


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


# The language links of a page depend only on its path and the URLconf: each process
# works them out (a reverse per other language, of the route the request resolved to)
# and renders the switcher once per path, for the most recent pages. Paths come from
# readers, so the memory is bounded twice: the number of paths kept, and their length
# (longer ones are worked out every time, as are the paths of pages not found).
MEMO_PATHS = 1024
MEMO_PATH_LENGTH = 200


def _on_site(path: str) -> str:
    """
    ``path`` as a path of this site: a page not found may have any path, and one
    starting with two slashes (or a slash and a backslash, which browsers read alike)
    would be a link to another host ("//evil.example/").
    """
    return "/" + path.lstrip("/\\")


Route = tuple[str, tuple, tuple] | None


def _route(request) -> Route:
    """
    The route the request resolved to, as ``reverse`` takes it (name, args, kwargs):
    what ``translate_url`` would find by resolving the path again. None for a page
    not found, or a route without a name (then ``translate_url`` does the work).
    """
    match = getattr(request, "resolver_match", None)
    if match is None or not match.url_name:
        return None
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    route = (name, tuple(match.args), tuple(sorted(match.kwargs.items())))
    try:
        hash(route)
    except TypeError:  # a converter's value that cannot be a memo's key
        return None
    return route


def _translated(path: str, code: str, route: Route) -> str:
    """This page's path in the language ``code``."""
    if route is None:
        return translate_url(path, code)
    name, args, kwargs = route
    with translation.override(code):
        try:
            return reverse(name, args=args, kwargs=dict(kwargs))
        except NoReverseMatch:
            return path


def _work_out_language_links(
    path: str, current: str, route: Route = None
) -> tuple[tuple[str, str, str], ...]:
    """``(code, name, path)`` of this page in each shipped language."""
    path = _on_site(path)
    return tuple(
        (code, str(name), path if code == current else _translated(path, code, route))
        for code, name in settings.LANGUAGES
    )


def _render_switcher(path: str, current: str, route: Route = None) -> str:
    """The switcher: the current language named, a link to the page in each other one."""
    items = [
        format_html('<li><span aria-current="true" lang="{}">{}</span></li>', code, code.upper())
        if code == current
        else format_html(
            '<li><a href="{}" hreflang="{}" lang="{}" title="{}">{}</a></li>',
            url,
            code,
            code,
            name,
            code.upper(),
        )
        for code, name, url in _language_links(path, current, route)
    ]
    return format_html(
        '<ul class="language-switcher" aria-label="{}">{}</ul>',
        gettext("Langue"),
        mark_safe("".join(items)),  # each item escaped by format_html
    )


_remembered_language_links = lru_cache(maxsize=MEMO_PATHS)(_work_out_language_links)
_remembered_switcher = lru_cache(maxsize=MEMO_PATHS)(_render_switcher)


def _memoizable(path: str) -> bool:
    return len(path) <= MEMO_PATH_LENGTH


def _language_links(
    path: str, current: str, route: Route = None
) -> tuple[tuple[str, str, str], ...]:
    if _memoizable(path):
        return _remembered_language_links(path, current, route)
    return _work_out_language_links(path, current, route)


@register.simple_tag(takes_context=True)
def language_alternates(context) -> str:
    """``<link rel="alternate" hreflang>`` for each shipped language of this page."""
    request = context.get("request")
    if request is None:
        return ""
    origin = site_url()  # never the request's Host: a client chooses it
    links = _language_links(request.path, translation.get_language(), _route(request))
    return format_html_join(
        "",
        '<link rel="alternate" hreflang="{}" href="{}{}">',
        [(code, origin, url) for code, _name, url in links],
    )


@register.simple_tag(takes_context=True)
def language_switcher(context) -> str:
    """Plain links to the same page in each language: no form, no cookie, cache friendly."""
    request = context.get("request")
    if request is None:
        return ""
    path, current = request.path, translation.get_language()
    switcher = _remembered_switcher if _memoizable(path) else _render_switcher
    return mark_safe(switcher(path, current, _route(request)))  # escaped by format_html


@register.simple_tag
def sections_menu(current_slug: str = "") -> str:
    """The sections menu (see ``reader.content.sections_menu``)."""
    return content.sections_menu(current_slug)


@register.simple_tag
def site_footer() -> str:
    """The footer: the same for every page of a language and year, rendered once per process."""
    return _footer_html(
        translation.get_language(), localdate().year, settings.NEWSROOM["SITE_NAME"]
    )


@lru_cache(maxsize=16)
def _footer_html(language: str, year: int, site_name: str) -> str:
    return mark_safe(
        render_to_string("includes/footer.html", {"site_name": site_name, "year": year})
    )


def forget_footer() -> None:
    _footer_html.cache_clear()


@register.filter
def w3c_datetime(value) -> str:
    """ISO 8601 to the second in the site's time zone, as sitemaps and feeds expect."""
    if not value:
        return ""
    return localtime(value).isoformat(timespec="seconds")


@register.simple_tag
def rankings_sidebar() -> str:
    """
    "Sujets les + lus" (24 hours, and 7 days behind a <details> switch) and
    "Sujets les + commentés" (7 days), rendered once with the rankings and served
    from the shared cache in one round trip: no query and no rendering once warm.
    """
    return mark_safe(sidebar()["html"])  # our own template's output, escaped there


class FragmentNode(template.Node):
    def __init__(self, nodelist, key):
        self.nodelist, self.key = nodelist, key

    def render(self, context) -> str:
        key = self.key.resolve(context)
        if not key:
            return self.nodelist.render(context)  # previews: always the current text
        value = pagecache.cached_get(key)
        if value is None:
            value = self.nodelist.render(context)
            pagecache.cached_set(key, value, settings.NEWSROOM["DATA_CACHE_SECONDS"])
        return value


@register.tag("fragment")
def fragment(parser, token):
    """
    ``{% fragment parts.name %}…{% endfragment %}``: a part of the page stored
    rendered, under the key the page declares for it (``reader.pages``), read from
    the entries the page fetched in one round trip, so it costs no call of its own.
    Without a key (previews) it renders without the cache.
    """
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("'fragment' takes the key of one of the page's parts")
    return FragmentNode(nodelist, parser.compile_filter(bits[1]))


@register.simple_tag
def page_query(request, number: int) -> str:
    """This page's query string for page ``number`` of its results (the first has none)."""
    query = request.GET.copy()
    query.pop("page", None)
    if number > 1:
        query["page"] = number
    return query.urlencode()
