"""The ninjs API's cacheable answers, declared like reader pages (``infra.pagecache``)."""

from infra import generations
from infra.pagecache import Page

NINJS_ARTICLE = Page(
    "ninjs-article",
    generation_key=lambda pk, **kw: generations.article_key(pk),
    surrogate_keys=lambda pk, **kw: [f"article-{pk}", "ninjs"],
)
NINJS_FEED = Page(
    "ninjs-feed",
    generation_key=lambda **kw: generations.LISTINGS_KEY,
    surrogate_keys=lambda **kw: ["front", "ninjs"],
)
