from django.conf import settings
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from comments import services
from comments.forms import CommentForm, issue_form_timestamp
from comments.rules import comments_open
from infra.clients import client_ip, client_key, keyed_hash
from infra.middleware import DATABASE_UNAVAILABLE, database_unavailable
from infra.ratelimit import hit
from infra.requestlimits import body_limit
from reader import content, pages


@never_cache
@require_GET
def form_token(request):
    """
    The per-reader parts of the comment form (CSRF token, signed timestamp),
    fetched by a small script so that the article page itself stays cacheable.
    """
    return JsonResponse({"csrf": get_token(request), "ts": issue_form_timestamp()})


def _article_with_errors(request, article, form, status):
    context = {"article": article, "object": article, "comment_form": form}
    context.update(content.article_context(article))
    context["parts"] = pages.ARTICLE.keys(request, pk=article.pk)
    return render(request, "articles/article_detail.html", context, status=status)


# A comment of COMMENT_MAX_LENGTH characters, percent-encoded, is well under this.
@body_limit(64 * 1024)
@never_cache
@require_POST
def post_comment(request, article_id):
    """
    Post a comment. When the database does not answer (an outage, a failover), the
    reader gets a 503 page with the comment as typed, to send again in a moment:
    nothing was stored, and nothing of what they wrote is lost.
    """
    try:
        return _post_comment(request, article_id)
    except DATABASE_UNAVAILABLE:
        # Unbound, with what was typed as initial values: a bound form would validate
        # itself as it renders, and validating asks the database.
        typed = {name: request.POST.get(name, "") for name in ("name", "email", "body", "ts")}
        form = CommentForm(initial=typed, action=request.path)
        try:
            article = content.published_article(request, article_id)  # often in the cache
        except DATABASE_UNAVAILABLE:
            article = None
        return database_unavailable(
            request,
            template="comments/unavailable.html",
            context={"form": form, "action": request.path, "article": article},
        )


def _post_comment(request, article_id):
    article = content.published_article(request, article_id)
    if article is None:
        raise Http404(_("Cet article n'existe pas ou n'est plus en ligne."))
    if not comments_open(article):
        return render(request, "comments/closed.html", {"article": article}, status=403)
    form = CommentForm(request.POST, action=request.path)
    if not form.is_valid():
        return _article_with_errors(request, article, form, status=400)
    if form.is_bot:
        # Answer a bot as if it succeeded, and store nothing.
        return HttpResponseRedirect(article.get_absolute_url() + "?commentaire=recu#commentaires")

    ip = client_ip(request)
    limit, window = settings.NEWSROOM["COMMENT_RATE_LIMIT"]
    email = form.cleaned_data["email"]
    within_ip = hit(
        f"comment:ip:{keyed_hash(client_key(request), 'ip')}", limit=limit, window=window
    )
    within_email = hit(
        f"comment:email:{keyed_hash(email.lower(), 'email')}", limit=limit, window=window
    )
    if not (within_ip and within_email):
        form.add_error(
            None,
            _(
                "Vous avez envoyé beaucoup de commentaires en peu de temps. "
                "Patientez quelques minutes avant de réessayer."
            ),
        )
        return _article_with_errors(request, article, form, status=429)

    try:
        services.post_comment(
            article=article,
            name=form.cleaned_data["name"],
            email=email,
            body=form.cleaned_data["body"],
            ip_address=ip,
        )
    except services.CommentsClosed:
        return render(request, "comments/closed.html", {"article": article}, status=403)
    # What the article's moderation does with a new comment, not the stored one's
    # status: a duplicate must not tell whether this email wrote a published comment.
    state = "publie" if services.publishes_at_once(article) else "recu"
    return HttpResponseRedirect(f"{article.get_absolute_url()}?commentaire={state}#commentaires")
