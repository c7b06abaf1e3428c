import json

import pytest
from django.core.files.storage import FileSystemStorage

from newsroom.storage import MediaStorage, StaticFilesStorage


@pytest.fixture
def storage(tmp_path, settings):
    settings.STATIC_URL = "/static/"
    manifest = {"version": "1.1", "paths": {"css/site.css": "css/site.0123abcd.css"}}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return StaticFilesStorage(location=tmp_path, base_url="/static/")


def test_static_urls_are_the_hashed_names_worked_out_once(storage):
    assert storage.url("css/site.css") == "/static/css/site.0123abcd.css"

    storage.hashed_files = {}  # the manifest is not read again

    assert storage.url("css/site.css") == "/static/css/site.0123abcd.css"


def test_a_file_missing_from_the_manifest_is_refused_every_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("js/inconnu.js")


NAMES = [
    "images/2024/03/photo.jpg",
    "images/2024/03/photo-1280w.avif",
    "images/été à Paris/réunion #2 (final) 100%?.webp",
    "/images/leading-slash.jpg",
    "images/a:b;c=d&e+f~g!h*i'j.png",
    "",
]


@pytest.mark.parametrize("base_url", ["/media/", "https://cdn.example/media/", "/media"])
@pytest.mark.parametrize("name", NAMES)
def test_media_urls_are_those_of_django_s_file_storage(tmp_path, base_url, name):
    ours = MediaStorage(location=tmp_path, base_url=base_url)
    django_s = FileSystemStorage(location=tmp_path, base_url=base_url)

    assert ours.url(name) == django_s.url(name)


def test_a_media_url_appends_the_quoted_name(tmp_path):
    storage = MediaStorage(location=tmp_path, base_url="/media/")

    assert storage.url("images/été #2.jpg") == "/media/images/%C3%A9t%C3%A9%20%232.jpg"
