from unittest import mock

import pytest

from audience import rankings, readers
from tests.audience.support import NOON, Clock


@pytest.fixture
def clock():
    """Freeze django.utils.timezone.now() at NOON; the test moves it with clock.advance()."""
    fake = Clock(NOON)
    with mock.patch("django.utils.timezone.now", side_effect=lambda: fake.now):
        yield fake


@pytest.fixture(autouse=True)
def _no_remembered_rankings():
    """Each process keeps a copy of the rankings for Redis outages; tests start without."""
    rankings.forget_local_rankings()
    yield
    rankings.forget_local_rankings()


@pytest.fixture(autouse=True)
def _no_outage_limits():
    """The beacon's fallback limits (Redis down) live in the process; tests start without."""
    readers.forget_outage_limits()
    yield
    readers.forget_outage_limits()
