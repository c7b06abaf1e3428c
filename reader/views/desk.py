"""
The desk's reader pages: the preview of an arrangement before it goes live (staff,
never cached), and the "Alerte" banner (a tiny cacheable answer fetched by every
page's script, and its page for readers without JavaScript).
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.utils.html import format_html_join
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from articles.models import Article, Section
from desk import alerts, services
from desk.forms import ArrangementForms
from desk.models import Slot
from reader import content


def _preview_slots(chosen_slots) -> list[Slot]:
    """
    The form's slots as unsaved ``Slot``s for the page, their stories fetched as the
    page fetches them and only those readers may see now (as the live page would).
    """
    ids = [slot.article.pk for slot in chosen_slots]
    articles = {a.pk: a for a in Article.objects.published().for_cards().filter(pk__in=ids)}
    return [
        Slot(
            zone=slot.zone,
            article=articles[slot.article.pk],
            headline=slot.headline,
            lead=slot.lead,
            image=slot.image,
        )
        for slot in chosen_slots
        if slot.article.pk in articles
    ]


def _preview(request, section):
    """The arrange screen's forms, as the page would show them; 400 with the errors."""
    if not services.can_arrange(request.user):
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    forms = ArrangementForms(request.POST, section=section)
    if not forms.is_valid():
        errors = [str(e) for form in forms.slots.forms for e in form.non_field_errors()]
        errors += [f"{form.prefix}: {form.errors.as_text()}" for form in forms.slots if form.errors]
        response = HttpResponse(
            format_html_join("", "<p>{}</p>", ((e,) for e in errors or ["?"])), status=400
        )
        add_private(response)
        return response
    chosen = forms.chosen()
    problems = services.check_slots(chosen["slots"], section=section)
    slots = _preview_slots(chosen["slots"])
    if section is None:
        home = content.home_context(slots=slots, section_order=chosen["section_order"])
        context = {"home": home, "parts": {}, "preview": True, "problems": problems}
        response = render(request, "articles/home.html", context)
    else:
        front = content.section_front_from(slots)
        articles = (
            Article.objects.published()
            .filter(section=section)
            .exclude(pk__in=front["placed"])
            .for_cards()
            .latest_first()[:20]
        )
        context = {
            "owner": section,
            "owner_kind": "section",
            "articles": articles,
            "front": front,
            "preview": True,
            "current_section_slug": section.slug,
        }
        response = render(request, "articles/article_list.html", context)
    add_private(response)
    return response


def add_private(response) -> None:
    patch_cache_control(response, private=True, no_cache=True, no_store=True, max_age=0)
    response["X-Robots-Tag"] = "noindex, nofollow"


@never_cache
def front_preview(request):
    """The home page with the arrangement being made, for the desk (POST from its screen)."""
    return admin.site.admin_view(lambda request: _preview(request, None))(request)


@never_cache
def section_preview(request, slug):
    """A section's page with the arrangement being made."""

    def view(request):
        return _preview(request, get_object_or_404(Section, slug=slug))

    return admin.site.admin_view(view)(request)


@require_safe
def alert_banner(request):
    """
    The "Alerte" banner's data, for every reader page's script: ``{"alert": null}`` or
    ``{"alert": {"text", "url", "id"}}``. Never in the cached pages themselves, so a
    banner shows on pages already cached; kept ALERT_MAX_AGE seconds by browsers and
    the CDN (surrogate key ``alert``), from the shared cache otherwise: no SQL.
    """
    response = JsonResponse({"alert": alerts.showing()})
    alerts.cache_headers(response)
    return response


@require_safe
def alert_page(request):
    """The banner for readers without JavaScript: the same answer, as a page."""
    response = render(request, "articles/alert.html", {"alert": alerts.showing()})
    alerts.cache_headers(response)
    return response
