"""The "Signaler" form under every comment, open to anyone, and its confirmation."""

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from articles.models import Article
from comments import services
from comments.forms import ReportForm
from comments.models import Comment, Report
from infra.clients import client_ip, client_key, keyed_hash
from infra.ratelimit import hit
from infra.requestlimits import body_limit


def _reportable(pk):
    return get_object_or_404(
        Comment.objects.published().select_related("article"),
        pk=pk,
        article__in=Article.objects.published(),
    )


@body_limit(32 * 1024)
@never_cache
@require_http_methods(["GET", "POST"])
def report_comment(request, pk):
    comment = _reportable(pk)
    action = reverse("comments:report", kwargs={"pk": comment.pk})
    form = ReportForm(request.POST or None, action=action)
    status = 200
    if request.method == "POST" and form.is_valid():
        ip = client_ip(request)
        limit, window = settings.NEWSROOM["REPORT_RATE_LIMIT"]
        address = keyed_hash(client_key(request), "ip")
        if not hit(f"report:ip:{address}", limit=limit, window=window):
            form.add_error(
                None,
                _("Vous avez envoyé beaucoup de signalements. Patientez quelques minutes."),
            )
            status = 429
        else:
            try:
                report = services.report_comment(
                    comment=comment,
                    reason=form.cleaned_data["reason"],
                    details=form.cleaned_data["details"],
                    ip_address=ip,
                    user=request.user,
                    notifier_name=form.cleaned_data["notifier_name"],
                    notifier_email=form.cleaned_data["notifier_email"],
                    good_faith=form.cleaned_data["good_faith"],
                    category=form.cleaned_data["category"],
                    other_comments=form.cleaned_data["other_comments"],
                )
                reference = report.reference
            except services.AlreadyReported:
                reference = ""
            url = reverse("comments:report_done", kwargs={"pk": comment.pk})
            return redirect(f"{url}?ref={reference}" if reference else url)
    elif request.method == "POST":
        status = 400
    return render(
        request, "comments/report.html", {"comment": comment, "form": form}, status=status
    )


@never_cache
@require_GET
def report_done(request, pk):
    """
    The thanks after "Signaler", for a comment readers can see, or for the reader
    whose report (its reference, random and given only to them) just hid it: any
    other comment (pending, rejected, on an unpublished article, or none) is a 404,
    so the page tells nothing of comments a reader cannot see.
    """
    reference = request.GET.get("ref", "")
    if not (reference.startswith("SIG-") and len(reference) <= 16 and reference[4:].isalnum()):
        reference = ""
    shown = Q(status=Comment.Status.PUBLISHED)
    if reference:
        own_report = Report.objects.filter(comment=OuterRef("pk"), reference=reference)
        shown |= Q(status=Comment.Status.HIDDEN) & Q(Exists(own_report))
    comment = get_object_or_404(
        Comment.objects.filter(shown, article__in=Article.objects.published()).select_related(
            "article"
        ),
        pk=pk,
    )
    return render(
        request, "comments/report_done.html", {"article": comment.article, "reference": reference}
    )
