"""Audience's answers to what lower rooms tell it (connected in ``AudienceConfig.ready``)."""

from audience.counters import record_comment_change


def count_published_comment(sender, *, article_id: int, delta: int, when, **kwargs) -> None:
    """A comment was published or withdrawn: the "most commented" daily counter follows."""
    record_comment_change(article_id=article_id, delta=delta, when=when)
