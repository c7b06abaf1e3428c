"""
Where an image is used: every relation that points to ``Image`` (a foreign key or a
many-to-many, declared by any room: the article's main image, the images of its
body, a front-page slot's override…), found from the model registry, so that a room
adding one needs nothing here. The image admin's "utilisée dans", the expiry's
withdrawal and the rooms' cache bumps and locks read it.

A relation that is not a use (the withdrawal record, say) is left out with
``ignore``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.text import capfirst

from images.models import Image, ImageWithdrawal


@dataclass(frozen=True)
class Relation:
    """``model.field`` points to Image; ``many`` for a many-to-many."""

    model: type[models.Model]
    field: str
    many: bool

    @property
    def label(self) -> str:
        field = self.model._meta.get_field(self.field)
        return f"{capfirst(self.model._meta.verbose_name)} — {field.verbose_name}"


_ignored: set[str] = set()


def ignore(model: type[models.Model]) -> None:
    """Say that ``model``'s relations to Image are not uses of it."""
    _ignored.add(model._meta.label)


ignore(ImageWithdrawal)


def _explicit_throughs() -> set[type[models.Model]]:
    return {
        reverse.through
        for reverse in Image._meta.get_fields(include_hidden=True)
        if reverse.many_to_many and reverse.auto_created and not reverse.through._meta.auto_created
    }


def relations(model: type[models.Model] | None = None) -> list[Relation]:
    """The relations to Image (of ``model`` only, when given), in a stable order."""
    throughs = _explicit_throughs()
    found = []
    for reverse in Image._meta.get_fields(include_hidden=True):
        if not reverse.auto_created or reverse.concrete:
            continue
        owner = reverse.related_model
        if owner._meta.auto_created or owner in throughs or owner._meta.label in _ignored:
            continue  # a many-to-many's table: the many-to-many itself is listed
        if model is not None and owner is not model:
            continue
        found.append(Relation(model=owner, field=reverse.field.name, many=reverse.many_to_many))
    return sorted(found, key=lambda r: (r.model._meta.label, r.field))


def _condition(relation: Relation, image) -> Q:
    if relation.many:
        # A subquery rather than a join: a row using the image twice is listed once.
        return Q(
            pk__in=relation.model._default_manager.filter(**{relation.field: image}).values("pk")
        )
    return Q(**{relation.field: image})


def filter_using(queryset: QuerySet, image) -> QuerySet:
    """The rows of ``queryset`` that use ``image`` through any of their model's relations."""
    found = relations(queryset.model)
    if not found:
        return queryset.none()
    condition = Q()
    for relation in found:
        condition |= _condition(relation, image)
    return queryset.filter(condition)


def uses(image) -> list[tuple[Relation, list[models.Model]]]:
    """
    Every use of ``image``, relation by relation (one query each, long texts left
    out), each in its model's own order; relations without a use are left out.
    """
    found = []
    for relation in relations():
        model = relation.model
        long_texts = [
            f.name for f in model._meta.concrete_fields if isinstance(f, models.TextField)
        ]
        rows = list(model._default_manager.filter(_condition(relation, image)).defer(*long_texts))
        if rows:
            found.append((relation, rows))
    return found


def images_of(obj: models.Model) -> list[Image]:
    """The images ``obj`` uses through its own relations (one query per many-to-many)."""
    found: dict[int, Image] = {}
    for relation in relations(type(obj)):
        if relation.many:
            found.update((i.pk, i) for i in getattr(obj, relation.field).all())
        else:
            image = getattr(obj, relation.field)
            if image is not None:
                found[image.pk] = image
    return list(found.values())
