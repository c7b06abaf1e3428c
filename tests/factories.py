import io
from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.utils import timezone
from PIL import Image as PILImage

from articles.indexing import index_article
from articles.models import Agency, Article, Author, Section, Topic
from comments.models import Comment
from comments.services import fingerprint
from images import services
from images.models import Image
from images.uploads import clean_upload
from live.models import LivePost


def jpeg_bytes(width: int = 1000, height: int = 600, color: str = "#3366aa") -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), color).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("secret-password-1")


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Rubrique {n}")
    slug = factory.Sequence(lambda n: f"rubrique-{n}")
    position = factory.Sequence(lambda n: n)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Sujet {n}")
    slug = factory.Sequence(lambda n: f"sujet-{n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Camille Auteur{n}")
    slug = factory.Sequence(lambda n: f"camille-auteur{n}")
    role = "Journaliste"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ["short_name"]

    name = "Agence France-Presse"
    short_name = "AFP"


class ImageFactory(factory.django.DjangoModelFactory):
    """An image stored through the real upload service, renditions included."""

    class Meta:
        model = Image

    alt_text = "Un graphique bleu"
    caption = "Le siège de l'entreprise, à Paris."
    credit = "Mistral AI"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        width = kwargs.pop("source_width", 1000)
        image = model_class(*args, **kwargs)
        upload = SimpleUploadedFile("photo.jpg", jpeg_bytes(width, width * 3 // 5), "image/jpeg")
        image = services.save_image(
            image=image, clean=clean_upload(upload), original_name="photo.jpg"
        )
        # As once the worker has run the renditions task the upload enqueued.
        services.render_renditions(image_id=image.pk, file_name=image.file.name)
        image.refresh_from_db()
        return image


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"L'intelligence artificielle, épisode {n}")
    lead = "Un chapô qui résume l'article en une phrase."
    body = "<p>Premier paragraphe.</p><h2>Un intertitre</h2><p>Deuxième paragraphe.</p>"
    section = factory.SubFactory(SectionFactory)
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create and extracted:
            self.authors.set(extracted)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)

    @factory.post_generation
    def agencies(self, create, extracted, **kwargs):
        if create and extracted:
            self.agencies.set(extracted)

    @factory.post_generation
    def indexed(self, create, extracted, **kwargs):
        """Indexed for search as the services index it (``indexed=False``: not)."""
        if create and extracted is not False:
            index_article(self)


class CommentFactory(factory.django.DjangoModelFactory):
    """A comment as services.post_comment stores it (fingerprint included)."""

    class Meta:
        model = Comment

    article = factory.SubFactory(ArticleFactory)
    name = factory.Sequence(lambda n: f"Lecteur {n}")
    email = factory.Sequence(lambda n: f"lecteur{n}@example.org")
    body = factory.Sequence(lambda n: f"Un avis argumenté numéro {n}.")
    status = Comment.Status.PENDING
    fingerprint = factory.LazyAttribute(
        lambda o: fingerprint(article_id=o.article.pk, email=o.email, body=o.body)
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        comment = super()._create(model_class, *args, **kwargs)
        if comment.status == Comment.Status.PUBLISHED:
            if comment.published_at is None:
                comment.published_at = comment.created_at
                comment.save(update_fields=["published_at"])
            Article.objects.filter(pk=comment.article_id).update(
                comment_count=F("comment_count") + 1
            )
            comment.article.refresh_from_db(fields=["comment_count"])
        return comment


class LivePostFactory(factory.django.DjangoModelFactory):
    """A post on a live page, written directly (``live.services`` for the side effects)."""

    class Meta:
        model = LivePost

    article = factory.SubFactory(ArticleFactory, kind=Article.Kind.LIVE)
    author = factory.SubFactory(UserFactory, is_staff=True)
    author_name = "Léa Martin"
    text = factory.Sequence(lambda n: f"<p>Message numéro {n}.</p>")
    created_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyAttribute(lambda o: o.created_at)
