"""
What each process renders once and keeps: the site's chrome in each language (the
``{% cache None name LANGUAGE_CODE using="local" %}`` parts of ``base.html`` and the
masthead, named in CHROME), the footer, the empty comment form. Under the
development server an edited template or a compiled translation shows at the next
request: Django then reloads its templates or its catalogs without restarting the
process, and this process forgets what it rendered from them.
"""

from django.conf import settings
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.template.autoreload import get_template_directories

from reader.templatetags import comments_block, reader_tags

# The chrome's parts as the templates name them, each kept once per language.
CHROME = ("site_links", "site_top", "masthead")


def chrome_key(name: str, language: str) -> str:
    """Where the local cache keeps the chrome's part ``name`` in ``language``."""
    return make_template_fragment_key(name, [language])


def forget() -> None:
    """Drop everything rendered once in this process."""
    caches["local"].delete_many(
        [chrome_key(name, code) for name in CHROME for code, _name in settings.LANGUAGES]
    )
    reader_tags.forget_footer()
    comments_block.forget_empty_form()


def source_changed(sender, file_path, **kwargs) -> None:
    """
    ``file_changed`` (the development server's autoreloader): a template or a
    compiled catalog changed, and what was rendered from them goes.
    """
    if file_path.suffix == ".mo" or (
        file_path.suffix != ".py"
        and any(directory in file_path.parents for directory in get_template_directories())
    ):
        forget()
