"""GDPR access, portability and erasure for people without an account (comments.personal_data)."""

import json

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from comments import personal_data, services
from comments.forms import DataRequestForm
from comments.models import Erasure
from infra.clients import client_key, keyed_hash
from infra.ratelimit import hit
from infra.requestlimits import body_limit


@body_limit(8 * 1024)
@never_cache
@require_http_methods(["GET", "POST"])
def request_link(request):
    """Type an address, receive a link: the same answer whether it has data or not."""
    form = DataRequestForm(request.POST or None, action=reverse("comments:my_data"))
    status = 200
    if request.method == "POST":
        limit, window = settings.NEWSROOM["REPORT_RATE_LIMIT"]
        if not form.is_valid():
            status = 400
        elif not hit(
            f"data:ip:{keyed_hash(client_key(request), 'ip')}", limit=limit, window=window
        ):
            form.add_error(
                None, _("Vous avez fait beaucoup de demandes. Patientez quelques minutes.")
            )
            status = 429
        else:
            personal_data.send_link(email=form.cleaned_data["email"])
            return render(request, "comments/my_data_sent.html")
    return render(request, "comments/my_data.html", {"form": form}, status=status)


@body_limit(8 * 1024)
@never_cache
@require_http_methods(["GET", "POST"])
def data_link(request, token):
    """
    What the link opens: a summary, the JSON download (?format=json), and the
    erasure (POST), which respects legal holds and open notices and records itself.
    """
    email = personal_data.read_token(token)
    if email is None:
        return render(request, "comments/my_data_invalid.html", status=404)
    if request.method == "POST":
        erasure = services.erase_email(email=email, source=Erasure.Source.SELF_SERVICE)
        return render(request, "comments/my_data_erased.html", {"erasure": erasure})
    data = personal_data.export(email)
    if request.GET.get("format") == "json":
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="mes-donnees.json"'
        return response
    return render(
        request,
        "comments/my_data_link.html",
        {
            "counts": {key: len(data[key]) for key in ("comments", "notices", "complaints")},
            "token": token,
        },
    )
