from django import template

from audience.rankings import sidebar

register = template.Library()


@register.inclusion_tag("articles/_rankings.html")
def rankings_sidebar() -> dict:
    """
    "Sujets les + lus" (24 hours, and 7 days behind a <details> switch) and
    "Sujets les + commentés" (7 days). Served from the shared cache in one round
    trip: no query once warm.
    """
    return sidebar()
