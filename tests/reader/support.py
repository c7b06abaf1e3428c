from django.urls import reverse


def reader_urls(article) -> dict[str, str]:
    return {
        "home": reverse("articles:home"),
        "section": reverse("articles:section", kwargs={"slug": "economie"}),
        "topic": reverse("articles:topic", kwargs={"slug": "inflation"}),
        "author": reverse("articles:author", kwargs={"slug": "jean-dupont"}),
        "article": article.get_absolute_url(),
    }


def revalidate(client, url: str, etag: str):
    return client.get(url, headers={"If-None-Match": etag})
