"""
The panels of the admin's home page ("À traiter"). Each room registers its own panel
in its ``AppConfig.ready()``: what it shows, to whom, from which template; the
dashboard lists the panels a staff member may see, in order, and knows no room.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    """
    One panel: shown to users holding ``permission``, rendered from ``template`` with
    ``context(request)`` (a fixed number of queries whatever it lists).
    """

    name: str
    template: str
    permission: str
    context: Callable[..., dict]
    order: int = 100


_panels: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    """Add a panel (registering a name again replaces it: ``ready()`` may run twice in tests)."""
    _panels[panel.name] = panel


def panels_for(request) -> list[tuple[Panel, dict]]:
    """The panels this staff member may see, in order, each with its context."""
    visible = [
        panel
        for panel in sorted(_panels.values(), key=lambda p: (p.order, p.name))
        if request.user.has_perm(panel.permission)
    ]
    return [(panel, panel.context(request)) for panel in visible]
