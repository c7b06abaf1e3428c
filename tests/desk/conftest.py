"""What the desk's tests share: an editor and a journalist, and a purge hook that records."""

import pytest
from django.contrib.auth.models import Group

from tests.factories import UserFactory

PURGED: list[list[str]] = []


def record(keys, urls):
    PURGED.append(list(keys))


def member(group: str, username: str):
    user = UserFactory(username=username, is_staff=True, first_name=username.title())
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor():
    return member("Éditeurs", "marc")


@pytest.fixture
def journalist():
    return member("Rédacteurs", "lea")


@pytest.fixture
def purges(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "PURGE_HOOK": "tests.desk.conftest.record"}
    PURGED.clear()
    return PURGED
