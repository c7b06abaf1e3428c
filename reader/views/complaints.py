"""DSA Art. 20: contesting a decision through the signed link of its mail."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from comments import services
from comments.complaints import read_token
from comments.forms import ComplaintForm
from comments.models import ModerationEvent
from infra.requestlimits import body_limit


@body_limit(32 * 1024)
@never_cache
@require_http_methods(["GET", "POST"])
def contest_decision(request, token):
    """
    The complaint form. A link that is forged, mangled, or older than six months
    answers 404 with a page that says so; the page shows the decision's date and the
    comment's number, never its text (whoever holds the link may not be its author).
    """
    contested = read_token(token)
    decision = (
        ModerationEvent.objects.filter(
            pk=contested.decision_id, comment_id=contested.comment_id
        ).first()
        if contested
        else None
    )
    if decision is None:
        return render(request, "comments/complaint_invalid.html", status=404)
    action = reverse("comments:complaint", args=[token])
    form = ComplaintForm(request.POST or None, action=action)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.file_complaint(contested=contested, text=form.cleaned_data["text"])
            except services.ComplaintRefused as error:
                form.add_error(None, error)
                status = 400
            else:
                return render(request, "comments/complaint_done.html")
        else:
            status = 400
    return render(
        request,
        "comments/complaint.html",
        {"form": form, "decision": decision},
        status=status,
    )
