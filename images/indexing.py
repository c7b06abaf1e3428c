"""What the search index holds of an image: its caption, its alternative text, its credit."""

from collections.abc import Iterator

from django.db.models import QuerySet

from images.models import Image
from search import index
from search.index import Document
from search.query import Query

KIND = "image"


def document(image: Image) -> Document:
    return Document(
        title=image.caption, lead=image.alt_text, extra=image.credit, date=image.uploaded_at
    )


def index_image(image: Image) -> None:
    index.save_document(KIND, image.pk, document(image))


def all_documents() -> Iterator[tuple[int, Document]]:
    images = Image.objects.order_by("pk").only("caption", "alt_text", "credit", "uploaded_at")
    for image in images.iterator(chunk_size=500):
        yield image.pk, document(image)


def matching(images: QuerySet, query: Query) -> QuerySet:
    return images.filter(pk__in=index.matching(KIND, query))
