"""The reader fingerprint and the robot list."""

from datetime import date

import pytest

from audience.bots import is_bot
from audience.readers import reader_digest
from tests.support import keyed_sha256


def test_reader_digest_changes_every_day_and_hides_the_address():
    value = "192.0.2.77\x1fMozilla/5.0"

    monday = reader_digest(value, purpose="reader", day=date(2026, 3, 16))
    again = reader_digest(value, purpose="reader", day=date(2026, 3, 16))
    tuesday = reader_digest(value, purpose="reader", day=date(2026, 3, 17))

    assert monday == again == keyed_sha256(value, purpose="audience:reader:2026-03-16")[:32]
    assert tuesday == keyed_sha256(value, purpose="audience:reader:2026-03-17")[:32]
    assert monday != tuesday


def test_reader_digest_depends_on_the_secret_key(settings):
    before = reader_digest("192.0.2.77", purpose="ip", day=date(2026, 3, 16))
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789abcdef"

    assert reader_digest("192.0.2.77", purpose="ip", day=date(2026, 3, 16)) != before


@pytest.mark.parametrize(
    "user_agent",
    [
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/126.0.0.0 Safari/537.36",
        "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/470.0.0.37.106]",
        "Mozilla/5.0 (Linux; Android 14; CUBOT KINGKONG 9) AppleWebKit/537.36 (KHTML, like "
        "Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
    ],
    ids=["chrome", "firefox", "safari-ios", "facebook-app", "cubot-phone", "edge"],
)
def test_is_bot_lets_browsers_through(user_agent):
    assert is_bot(user_agent) is False


def test_is_bot_remembers_only_user_agents_of_a_browsers_length():
    from audience import bots

    bots._remembered_matches.cache_clear()
    made_up = "Mozilla/5.0 " + "x" * 1000

    assert (is_bot(made_up), is_bot("Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0")) == (
        False,
        False,
    )
    assert bots._remembered_matches.cache_info().currsize == 1
