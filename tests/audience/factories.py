"""Factories of the audience counters (the shared ones are in tests/factories.py)."""

import factory
from django.utils import timezone

from audience.counters import hour_of, local_day
from audience.models import DailyCommentCount, DailyReadCount, HourlyReadCount
from tests.factories import ArticleFactory


class HourlyReadCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HourlyReadCount

    article = factory.SubFactory(ArticleFactory)
    hour = factory.LazyFunction(lambda: hour_of(timezone.now()))
    count = 1


class DailyReadCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DailyReadCount

    article = factory.SubFactory(ArticleFactory)
    day = factory.LazyFunction(lambda: local_day(timezone.now()))
    count = 1


class DailyCommentCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DailyCommentCount

    article = factory.SubFactory(ArticleFactory)
    day = factory.LazyFunction(lambda: local_day(timezone.now()))
    count = 1
