from django import template
from django.utils.safestring import mark_safe

from audience.rankings import sidebar

register = template.Library()


@register.simple_tag
def rankings_sidebar() -> str:
    """
    "Sujets les + lus" (24 hours, and 7 days behind a <details> switch) and
    "Sujets les + commentés" (7 days), rendered once with the rankings and served
    from the shared cache in one round trip: no query and no rendering once warm.
    """
    return mark_safe(sidebar()["html"])  # our own template's output, escaped there
