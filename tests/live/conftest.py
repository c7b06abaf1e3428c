"""Staff members in the newsroom's roles, for the live room's tests."""

import pytest
from django.contrib.auth.models import Group

from articles.models import Article
from tests.factories import ArticleFactory, UserFactory


def member(username: str, group: str):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def journalist(db):
    return member("lea", "Rédacteurs")


@pytest.fixture
def colleague(db):
    return member("hugo", "Rédacteurs")


@pytest.fixture
def editor(db):
    return member("chef", "Éditeurs")


@pytest.fixture
def live_page(db):
    return ArticleFactory(title="Élections : la soirée en direct", kind=Article.Kind.LIVE)
