"""The desk's answers to what the rooms below it announce (connected in DeskConfig.ready())."""

from desk import services


def article_withdrawn(sender, *, article, **kwargs) -> None:
    services.remove_article_from_slots(article=article)
    services.lower_alerts_of(article=article)
