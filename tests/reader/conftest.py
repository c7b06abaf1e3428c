"""What the reader tests share: the page cache switched on, and a story with every part."""

import pytest

from articles.body import read_also_marker
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    TopicFactory,
)


@pytest.fixture
def page_cache(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_CACHE": True}


@pytest.fixture
def rich_article():
    section = SectionFactory(slug="economie")
    topic = TopicFactory(slug="inflation")
    author = AuthorFactory(slug="jean-dupont")
    targets = [ArticleFactory(section=section, title=f"Cible {i}") for i in range(3)]
    return ArticleFactory(
        section=section,
        topics=[topic],
        authors=[author, AuthorFactory()],
        main_image=ImageFactory(),
        body="<p>Texte.</p>" + "".join(read_also_marker(t.pk) for t in targets),
    )
