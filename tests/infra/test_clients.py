"""Client keys: one helper groups IPv6 by /64 and keeps IPv4 per address."""

import pytest
from django.test import RequestFactory

from infra.clients import address_group, client_key


@pytest.mark.parametrize(
    ("address", "group"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("2001:DB8:0001:0002:a:b:c:d", "2001:db8:1:2::/64"),
        ("fe80::1%eth0", "fe80::/64"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        (" 203.0.113.7 ", "203.0.113.7"),
        ("pas une adresse", "pas une adresse"),
        ("", ""),
    ],
)
def test_address_group_keeps_ipv4_and_groups_ipv6_by_64(address, group):
    assert address_group(address) == group


def test_addresses_of_one_64_share_a_group_and_of_two_do_not():
    one_network = {address_group(f"2001:db8:aa:bb::{n:x}") for n in range(1, 300)}
    two_networks = {address_group("2001:db8:aa:bb::1"), address_group("2001:db8:aa:bc::1")}

    assert one_network == {"2001:db8:aa:bb::/64"}
    assert two_networks == {"2001:db8:aa:bb::/64", "2001:db8:aa:bc::/64"}


def test_distinct_ipv4_addresses_keep_distinct_groups():
    assert {address_group("198.51.100.1"), address_group("198.51.100.2")} == {
        "198.51.100.1",
        "198.51.100.2",
    }


def test_client_key_groups_the_address_behind_a_trusted_proxy(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "TRUSTED_PROXIES": 1}
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="2001:db8:5:6:7:8:9:a"
    )

    assert client_key(request) == "2001:db8:5:6::/64"
