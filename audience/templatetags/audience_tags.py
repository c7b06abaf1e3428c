from django import template

from audience.rankings import most_commented, most_read

register = template.Library()

WEEK_HOURS = 7 * 24


@register.inclusion_tag("articles/_rankings.html")
def rankings_sidebar() -> dict:
    """
    "Sujets les + lus" (24 hours, and 7 days behind a <details> switch) and
    "Sujets les + commentés" (7 days). Served from the shared cache: no query
    once warm.
    """
    return {
        "most_read": most_read(hours=24),
        "most_read_week": most_read(hours=WEEK_HOURS),
        "most_commented": most_commented(days=7),
    }
