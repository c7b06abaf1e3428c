"""
What each reader page is made of, declared once: the generation it follows, its
surrogate keys, its stored parts by name and the query parameters it reads (the
only ones its page-cache key keeps). The views decorate themselves with these
pages (``infra.pagecache.reader_page``), and the templates find their parts' keys
by name (``{% fragment parts.article_head %}``, ``{% comments_block article
parts.comments %}``): a part's name and key are written here and nowhere else.
"""

from django.conf import settings
from django.core.cache.utils import make_template_fragment_key
from django.utils.translation import get_language

from audience.rankings import sidebar_cache_key
from comments.rules import comments_open
from infra import generations
from infra.pagecache import Page, Part, html_stamp, own_stamp
from live.services import surrogate_keys as live_surrogate_keys
from reader import content
from reader.paging import LIST_PAGE
from reader.templatetags.comments_block import (
    COMMENT_NOTICE,
    COMMENT_PAGE,
    NOTICES,
    block_key,
    block_stamp,
)


def _fragment(name: str, *ids: str) -> Part:
    """A part stored as rendered HTML, under the page's generation and language."""

    def key(request, **url_kwargs) -> str:
        vary = [url_kwargs[arg] for arg in ids]
        return make_template_fragment_key(name, [*vary, get_language(), request.page_generation])

    return Part(name, key, stamp=html_stamp)


# The parts every reader page shows.
MENU = Part("menu", lambda request, **kw: content.navigation_key(), stamp=own_stamp)
SIDEBAR = Part(
    "sidebar",
    lambda request, **kw: sidebar_cache_key(),
    stamp=own_stamp,
    expires=lambda value: value["expires"],
)
CHROME = (MENU, SIDEBAR)

# The article's row with its section and main image (``content.published_article``).
ROW = Part("row", lambda request, pk, **kw: content.article_row_key(pk))
# The body's extras under the article's edit version (``content.article_extras``).
EXTRAS = Part("extras", lambda request, pk, **kw: content.article_extras_key(pk))
ARTICLE_HEAD = _fragment("article_head", "pk")
ARTICLE_MAIN = _fragment("article_main", "pk")
COMMENTS = Part("comments", block_key, stamp=block_stamp)
HOME_STORIES = _fragment("home_stories")


def _article_parts_agree(request, values: dict) -> bool:
    """
    The row is the one of the page's generation, and the stored comments block shows
    the form exactly when comments are open: comments close by themselves, and a
    block stored with the form while they are now closed (or the other way round) is
    rendered again, so the page is too.
    """
    row, block = values["row"], values["comments"]
    if row is None or row["generation"] != request.page_generation or block is None:
        return False
    return block["open"] == comments_open(row["article"])


HOME = Page(
    "home",
    generation_key=lambda **kw: generations.LISTINGS_KEY,
    surrogate_keys=lambda **kw: ["front"],
    parts=(HOME_STORIES, *CHROME),
    built_from_parts=True,
)

ARTICLE = Page(
    "article",
    generation_key=lambda pk, **kw: generations.article_key(pk),
    surrogate_keys=lambda pk, **kw: [f"article-{pk}"],
    parts=(ROW, EXTRAS, ARTICLE_HEAD, ARTICLE_MAIN, COMMENTS, *CHROME),
    built_from_parts=True,
    parts_agree=_article_parts_agree,
    reads=(COMMENT_PAGE, COMMENT_NOTICE),
    read_values={COMMENT_NOTICE: NOTICES},
)

# What a live page's readers poll: the newest posts, under the article page's
# generation (every post gives it a new one), kept briefly by shared caches (a CDN
# without purges shows a post LIVE_UPDATES_SECONDS late at most). It reads no
# parameter: one document per live page, whoever asks and since when.
LIVE_UPDATES = Page(
    "live_updates",
    generation_key=lambda pk, **kw: generations.article_key(pk),
    surrogate_keys=lambda pk, **kw: live_surrogate_keys(pk),
    shared_seconds=lambda: settings.NEWSROOM["LIVE_UPDATES_SECONDS"],
)


def listing(kind: str) -> Page:
    """
    A list page (section, topic, author) follows the listings' generation. Its stories
    are read from the database each time it is rendered (a scheduled story goes live
    by time alone, no generation changes), so its ETag is that of its content: a
    revalidation is answered from the stored page, or once rendered.
    """
    return Page(
        kind,
        generation_key=lambda **kw: generations.LISTINGS_KEY,
        surrogate_keys=lambda slug, **kw: ["front", f"{kind}-{slug}"],
        parts=CHROME,
        reads=(LIST_PAGE,),
    )


SECTION, TOPIC, AUTHOR = listing("section"), listing("topic"), listing("author")

# The search page follows the listings' generation: publishing, editing or
# unpublishing a story gives it a new one, so a stored result page never shows a
# story readers may no longer see. Its key is the parameters it reads.
SEARCH = Page(
    "search",
    generation_key=lambda **kw: generations.LISTINGS_KEY,
    surrogate_keys=lambda **kw: ["front", "search"],
    parts=CHROME,
    reads=("q", "rubrique", "sujet", "auteur", "du", "au", "tri", LIST_PAGE),
)
