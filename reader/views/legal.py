"""
The legal pages: mentions légales (law of 21 June 2004, art. 6 III), the DSA contact
point (Arts 11-12), the privacy notice (GDPR Arts 13-14) and the moderation charter.
Their content is the settings' and the templates'; they ask nothing of the database,
so they are not in the page cache (reader/pages.py).
"""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET


def _legal_context() -> dict:
    limits = settings.NEWSROOM
    return {
        "publisher": limits["PUBLISHER"],
        "director": limits["PUBLICATION_DIRECTOR"],
        "host": limits["HOST"],
        "dsa_email": limits["DSA_CONTACT_EMAIL"],
        "dsa_languages": limits["DSA_CONTACT_LANGUAGES"],
        "privacy_email": limits["PRIVACY_CONTACT_EMAIL"],
        "charter_version": limits["CHARTER_VERSION"],
        "reports_to_hide": limits["REPORTS_TO_HIDE"],
        "hides_per_day": limits["REPORT_HIDES_PER_DAY"],
        "email_days": limits["COMMENT_EMAIL_RETENTION_DAYS"],
        "ip_days": limits["IP_HASH_RETENTION_DAYS"],
        "unpublished_days": limits["UNPUBLISHED_COMMENT_RETENTION_DAYS"],
        "case_days": limits["CASE_RECORD_RETENTION_DAYS"],
        "reporter_key_days": limits["REPORTER_KEY_RETENTION_DAYS"],
        "complaint_days": limits["COMPLAINT_DAYS"],
        "open_days": limits["COMMENTS_OPEN_DAYS"],
        "data_url": reverse("comments:my_data"),
    }


@require_GET
def legal_notice(request):
    return render(request, "legal/legal_notice.html", _legal_context())


@require_GET
def contact_point(request):
    return render(request, "legal/contact_point.html", _legal_context())


@require_GET
def privacy_notice(request):
    return render(request, "legal/privacy.html", _legal_context())


@require_GET
def charter(request):
    return render(request, "comments/charter.html", _legal_context())
