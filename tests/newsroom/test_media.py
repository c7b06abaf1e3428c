"""
Media served by Django (SERVE_MEDIA) may be kept by browsers, the edge and a CDN for
MEDIA_MAX_AGE: a withdrawn image's files are purged from the edge (tests/images/test_purges.py).
"""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored(settings):
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "photo-320.jpg").write_bytes(b"\xff\xd8\xff\xe0 a picture")
    return settings


def test_a_media_file_is_public_for_a_day(stored, client):
    response = client.get("/media/photo-320.jpg")

    assert (response.status_code, b"".join(response.streaming_content)) == (
        200,
        b"\xff\xd8\xff\xe0 a picture",
    )
    assert response["Cache-Control"] == "public, max-age=86400"


def test_the_media_lifetime_is_a_setting(stored, client):
    stored.NEWSROOM = {**stored.NEWSROOM, "MEDIA_MAX_AGE": 600}

    assert client.get("/media/photo-320.jpg")["Cache-Control"] == "public, max-age=600"


def test_a_missing_media_file_is_not_kept_a_day(stored, client):
    response = client.get("/media/images/renditions/4/gone-320.jpg")

    assert (response.status_code, response["Cache-Control"]) == (
        404,
        "public, max-age=0, s-maxage=30",
    )
