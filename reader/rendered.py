"""
What each process renders once and keeps: the site's chrome in each language (the
``{% cache … using="local" %}`` parts of ``base.html`` and the masthead), the footer,
the empty comment form. Under the development server a template edited is shown at
the next request: Django then reloads its templates without restarting the process,
and this process forgets what it rendered from them.
"""

from django.core.cache import caches
from django.template.autoreload import get_template_directories

from reader.templatetags import comments_block, reader_tags


def forget() -> None:
    """Drop everything rendered once in this process."""
    caches["local"].clear()
    reader_tags.forget_footer()
    comments_block.forget_empty_form()


def template_changed(sender, file_path, **kwargs) -> None:
    """``file_changed`` (the autoreloader): a template edited, what came from it goes."""
    if file_path.suffix == ".py":
        return
    if any(directory in file_path.parents for directory in get_template_directories()):
        forget()
