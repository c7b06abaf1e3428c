"""
Mail to the newsroom when the agency changes an item an article was made from (an
update, a correction, "annule et remplace", a kill). Written in the ingest's
transaction through the outbox (``infra.mail``) and delivered by a task after the
commit: an ingest that rolls back mails no one, a slow mail server never slows the
ingest. Templates live in templates/wire/email/.

Who is told: the people answerable for the article, as long as they have an active
staff account with an address: whoever took the dispatch ("Reprendre"), whoever
created the article and whoever saved it last, and the staff accounts of its
authors. Each person gets one message per change (a new version of the item), even
when they hold several of these roles.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from infra.mail import queue_mail
from infra.site import absolute_url
from wire.models import Dispatch, WireAlert


def recipients(article, *, taken_by_ids=()) -> list:
    """The active staff accounts with an address answerable for ``article``: one query."""
    ids = {article.created_by_id, article.modified_by_id, *taken_by_ids} - {None}
    return list(
        get_user_model()
        .objects.filter(Q(pk__in=ids) | Q(author_profile__articles=article))
        .filter(is_active=True, is_staff=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def mail_alerts(alerts: list[WireAlert]) -> int:
    """Queue one message per person per alert (see the module's docstring); how many."""
    sent = 0
    for alert in alerts:
        article, dispatch = alert.article, alert.dispatch
        taken_by = (
            Dispatch.objects.filter(uri=dispatch.uri, article=article, taken_by__isnull=False)
            .values_list("taken_by_id", flat=True)
            .distinct()
        )
        people = recipients(article, taken_by_ids=list(taken_by))
        if not people:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "site_name": settings.NEWSROOM["SITE_NAME"],
                "alert": alert,
                "article": article,
                "dispatch": dispatch,
                "agency": dispatch.source.agency.short_name,
                "status": dispatch.get_status_display(),
                "article_url": absolute_url(
                    reverse("admin:articles_article_change", args=[article.pk])
                ),
                "dispatch_url": absolute_url(
                    reverse("admin:wire_dispatch_change", args=[dispatch.pk])
                ),
            }
            subject = " ".join(render_to_string("wire/email/alert_subject.txt", context).split())
            body = render_to_string("wire/email/alert.txt", context)
        for person in people:
            queue_mail(to=person.email, subject=subject, body=body)
            sent += 1
    return sent
