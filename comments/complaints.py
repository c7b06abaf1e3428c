"""
The signed link of DSA Art. 20 complaints: the decision's mail carries it, the
reader's complaint page reads it. Signed with the site's secret (django.core.signing),
valid COMPLAINT_DAYS (six months); it names the decision, never an address.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing

SALT = "comments.complaint"


@dataclass(frozen=True)
class Contested:
    comment_id: int
    decision_id: int
    report_id: int | None  # set when a notifier contests


def make_token(*, decision_id: int, comment_id: int, report_id: int | None = None) -> str:
    return signing.dumps({"c": comment_id, "e": decision_id, "r": report_id}, salt=SALT)


def read_token(token: str) -> Contested | None:
    """What the link contests, or None when it is forged, mangled or past six months."""
    try:
        data = signing.loads(
            token, salt=SALT, max_age=settings.NEWSROOM["COMPLAINT_DAYS"] * 24 * 60 * 60
        )
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not all(isinstance(data.get(k), int) for k in "ce"):
        return None
    report_id = data.get("r")
    return Contested(
        comment_id=data["c"],
        decision_id=data["e"],
        report_id=report_id if isinstance(report_id, int) else None,
    )
