import pytest
from django.contrib.auth.models import Group

from tests.factories import UserFactory

PASSWORD = "secret-password-1"  # tests.factories.UserFactory's


@pytest.fixture
def member(db):
    def make(username: str, group: str | None = None, **fields):
        user = UserFactory(username=username, is_staff=True, **fields)
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.fixture
def editor(member):
    return member("marc", "Éditeurs")


@pytest.fixture
def journalist(member):
    return member("lea", "Rédacteurs")


@pytest.fixture
def moderator(member):
    return member("modo", "Modérateurs")
