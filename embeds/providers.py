"""
The oEmbed providers the newsroom accepts (``settings.EMBED_PROVIDERS``), and which
of them a pasted address belongs to.

Each provider is a dict: ``name`` (shown to readers on the placeholder), ``patterns``
(regular expressions an address must match from its start), ``endpoint`` (its oEmbed
URL), ``frames`` (the hosts its iframes may come from: the CSP's ``frame-src`` lists
exactly these) and optionally ``frame_url`` (an iframe address built from the named
groups of the matching pattern, or of ``frame_source`` searched in the answer's
markup, for providers whose answer is a script rather than an iframe) and ``params``
(extra query parameters for the endpoint, an access token say).
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings


@dataclass(frozen=True)
class Provider:
    name: str
    patterns: tuple[re.Pattern, ...]
    endpoint: str
    frames: tuple[str, ...]
    frame_url: str = ""
    frame_source: re.Pattern | None = None
    params: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Match:
    provider: Provider
    groups: dict


def _build(config: dict) -> Provider:
    source = config.get("frame_source")
    return Provider(
        name=config["name"],
        patterns=tuple(re.compile(pattern) for pattern in config["patterns"]),
        endpoint=config["endpoint"],
        frames=tuple(config["frames"]),
        frame_url=config.get("frame_url", ""),
        frame_source=re.compile(source) if source else None,
        params=dict(config.get("params", {})),
    )


@lru_cache(maxsize=4)
def _providers(configs: tuple) -> tuple[Provider, ...]:
    return tuple(_build(dict(config)) for config in configs)


def _freeze(config: dict) -> tuple:
    return tuple(
        (key, tuple(value) if isinstance(value, list) else value)
        if not isinstance(value, dict)
        else (key, tuple(sorted(value.items())))
        for key, value in sorted(config.items())
    )


def providers() -> tuple[Provider, ...]:
    """The configured providers (read from the settings at each call, built once)."""
    return _providers(tuple(_freeze(config) for config in settings.EMBED_PROVIDERS))


def match(url: str) -> Match | None:
    """The provider an address belongs to, with its pattern's named groups, or None."""
    url = (url or "").strip()
    if len(url) > 500 or not url.startswith("https://"):
        return None
    for provider in providers():
        for pattern in provider.patterns:
            found = pattern.match(url)
            if found:
                return Match(provider=provider, groups=found.groupdict())
    return None


def frame_hosts() -> list[str]:
    """Every host a configured provider's iframe may come from, for the CSP."""
    return sorted({host for provider in providers() for host in provider.frames})
