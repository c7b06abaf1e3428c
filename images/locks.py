"""
Images that the rooms showing them lock: an image on a live or scheduled story is
what readers see (or are about to), so only staff holding
``images.change_used_image`` (editors) may change its file, caption, credit or alt
text. The images room knows no article: a higher room registers a check in its
``AppConfig.ready()`` (``articles`` does) and the image admin and ``save_image``
ask them all. A registry rather than a signal because the answer is needed back.
"""

from collections.abc import Callable

PERMISSION = "images.change_used_image"

_checks: dict[str, Callable] = {}


def register(name: str, check: Callable) -> None:
    """``check(image)`` is true when ``image`` is locked (registering a name again replaces it)."""
    _checks[name] = check


def is_locked(image) -> bool:
    """Whether a room showing this stored image locks it (never for a new image)."""
    return image.pk is not None and any(check(image) for check in _checks.values())


def may_change(user, image) -> bool:
    """Whether ``user`` may change this image: anyone allowed, unless it is locked."""
    return user.has_perm(PERMISSION) or not is_locked(image)
