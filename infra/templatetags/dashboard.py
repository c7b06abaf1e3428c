from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from infra.dashboard import panels_for
from infra.people import display_name

register = template.Library()


@register.simple_tag(takes_context=True)
def newsroom_dashboard(context) -> str:
    """What needs attention, on the admin's home page: the panels of each room."""
    request = context["request"]
    panels = [
        render_to_string(panel.template, {**panel_context, "request": request}, request=request)
        for panel, panel_context in panels_for(request)
    ]
    return mark_safe(  # our templates' output, escaped there
        render_to_string("admin/_dashboard.html", {"panels": panels}, request=request)
    )


@register.filter
def staff_name(user) -> str:
    """How a staff member is named on screen (``infra.people.display_name``)."""
    return display_name(user)
