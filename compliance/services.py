"""Writes of the register of authority orders."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from comments import services as comment_services
from comments.models import Comment, RejectionReason
from compliance.models import AuthorityOrder
from infra.people import display_name


@transaction.atomic
def record_order(*, order: AuthorityOrder, by) -> AuthorityOrder:
    """Register an order as received (who registered it is kept)."""
    if order.pk is None:
        order.recorded_by, order.recorded_by_name = by, display_name(by)
    order.save()
    return order


@transaction.atomic
def give_effect(*, order: AuthorityOrder, by) -> int:
    """
    Act on an Art. 9 order: every comment it names that is still visible or waiting
    is removed for the legal ground, citing the order (its author gets the statement
    of reasons unless the authority withheld it), and the effect is recorded. Returns
    the number of comments removed.
    """
    order = AuthorityOrder.objects.select_for_update().get(pk=order.pk)
    note = gettext("Injonction %(reference)s de %(authority)s") % {
        "reference": order.reference,
        "authority": order.authority,
    }
    removed = 0
    for comment in order.comments.exclude(status=Comment.Status.REJECTED):
        comment_services.reject_comment(
            comment=comment,
            by=by,
            reason=RejectionReason.ILLEGAL,
            note=note,
            send_statement=not order.author_notice_withheld,
        )
        removed += 1
    now = timezone.now()
    order.effect = gettext("%(count)d commentaire(s) retiré(s) par %(name)s.") % {
        "count": removed,
        "name": display_name(by),
    } + (f"\n{order.effect}" if order.effect else "")
    order.effect_at = now
    if not order.author_notice_withheld:
        order.author_informed_at = now
    order.save(update_fields=["effect", "effect_at", "author_informed_at"])
    return removed
