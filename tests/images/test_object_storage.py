"""
Uploads on object storage (``MEDIA_STORAGE=s3``): django-storages' S3 backend against a
local S3-compatible server, moto in server mode on a loopback port, started here.

The storage is configured by the real settings module from the environment (read in a
subprocess, as a deployment would), then the upload service, the renditions task, the
deletion and a page served by a second node (gunicorn) are exercised on it.
"""

import json
import logging
import re
import subprocess
import sys
from hashlib import sha256

import boto3
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from moto.server import ThreadedMotoServer

from images import services
from images.models import Image
from images.uploads import clean_upload
from tests.factories import ArticleFactory, jpeg_bytes
from tests.faults import free_port
from tests.nodes import ROOT, Node, fetch, node_environment, shared_database

BUCKET = "newsroom-media"
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/*",
        }
    ],
}
CREDENTIALS = {"S3_ACCESS_KEY_ID": "test-key", "S3_SECRET_ACCESS_KEY": "test-secret"}


@pytest.fixture(scope="module")
def s3_endpoint():
    """A moto S3 server on loopback with an empty bucket, for the whole module."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    try:
        yield endpoint
    finally:
        server.stop()


@pytest.fixture
def bucket(s3_endpoint):
    """The bucket, emptied before each test; a boto3 client speaks to it directly."""
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id="test-key",
        aws_secret_access_key="test-secret",
        region_name="eu-west-3",
    )
    existing = {b["Name"] for b in client.list_buckets()["Buckets"]}
    if BUCKET not in existing:
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"}
        )
    # Readers fetch the files anonymously: the bucket's policy makes them public.
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    return client


def s3_environment(endpoint: str) -> dict[str, str]:
    return {
        "MEDIA_STORAGE": "s3",
        "S3_BUCKET": BUCKET,
        "S3_ENDPOINT_URL": endpoint,
        "S3_REGION": "eu-west-3",
        **CREDENTIALS,
    }


def configured(env: dict[str, str]) -> dict:
    """The storage settings the settings module makes of ``env`` (in a fresh process)."""
    code = (
        "import json; from django.conf import settings; print(json.dumps({"
        "'storage': settings.STORAGES['default'], 'media_url': settings.MEDIA_URL,"
        "'serve_media': settings.SERVE_MEDIA, 'img_src': settings.SECURE_CSP['img-src']}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=node_environment(DJANGO_SETTINGS_MODULE="newsroom.settings", **env),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def s3_storage(settings, bucket, s3_endpoint):
    """This process's default storage is the bucket, configured as a node would be."""
    made = configured(s3_environment(s3_endpoint))
    settings.STORAGES = {**settings.STORAGES, "default": made["storage"]}
    settings.MEDIA_URL = made["media_url"]
    return bucket


def stored_keys(client) -> list[str]:
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def stored_bytes(client, key: str) -> bytes:
    return client.get_object(Bucket=BUCKET, Key=key)["Body"].read()


def upload(width: int = 700) -> Image:
    content = jpeg_bytes(width, width // 2)
    clean = clean_upload(SimpleUploadedFile("Une photo.jpg", content, "image/jpeg"))
    image = Image(alt_text="Le port de Marseille", credit="Photo : AFP")
    services.save_image(image=image, clean=clean, original_name="Une photo.jpg")
    image.refresh_from_db()  # with the renditions its task stored after the commit
    return image


def test_the_settings_read_the_bucket_from_the_environment():
    made = configured(
        {
            **s3_environment("http://127.0.0.1:9000"),
            "MEDIA_URL": "https://medias.example.org/quotidien",
        }
    )

    assert made["storage"] == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": BUCKET,
            "endpoint_url": "http://127.0.0.1:9000",
            "region_name": "eu-west-3",
            "access_key": "test-key",
            "secret_key": "test-secret",
            "addressing_style": "path",
            "querystring_auth": False,
            "custom_domain": "medias.example.org/quotidien",
            "url_protocol": "https:",
            "file_overwrite": False,
            "default_acl": None,
            "object_parameters": {"CacheControl": "public, max-age=86400"},
        },
    }
    assert made["media_url"] == "https://medias.example.org/quotidien/"
    assert made["serve_media"] is False
    # The reader's pages may show pictures from that origin.
    assert made["img_src"] == ["'self'", "data:", "https://medias.example.org"]


def test_the_objects_lifetime_follows_media_max_age():
    made = configured({**s3_environment("http://127.0.0.1:9000"), "MEDIA_MAX_AGE": "3600"})

    assert made["storage"]["OPTIONS"]["object_parameters"] == {
        "CacheControl": "public, max-age=3600"
    }


def test_without_a_public_address_the_files_are_read_from_the_bucket_itself():
    made = configured(s3_environment("http://127.0.0.1:9000"))

    assert made["media_url"] == f"http://127.0.0.1:9000/{BUCKET}/"
    assert made["storage"]["OPTIONS"]["custom_domain"] == f"127.0.0.1:9000/{BUCKET}"
    assert made["storage"]["OPTIONS"]["url_protocol"] == "http:"


def test_the_filesystem_stays_the_default():
    made = configured({})

    assert made["storage"] == {
        "BACKEND": "newsroom.storage.MediaStorage",  # a FileSystemStorage
        "OPTIONS": {},
    }
    assert made["media_url"] == "/media/"
    assert made["img_src"] == ["'self'", "data:"]


def test_object_storage_without_a_bucket_refuses_to_start():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=node_environment(MEDIA_STORAGE="s3"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 1
    assert "MEDIA_STORAGE=s3 needs S3_BUCKET." in result.stderr


@pytest.mark.django_db(transaction=True)
def test_an_upload_and_its_renditions_are_stored_in_the_bucket_under_public_urls(
    s3_storage, s3_endpoint
):
    image = upload(700)

    image.refresh_from_db()
    month = image.uploaded_at.strftime("%Y/%m")
    assert image.file.name == f"images/{month}/une-photo.jpg"
    assert [(r["width"], r["format"]) for r in image.renditions] == [
        (320, "AVIF"),
        (320, "WEBP"),
        (320, "JPEG"),
        (640, "AVIF"),
        (640, "WEBP"),
        (640, "JPEG"),
        (700, "AVIF"),
        (700, "WEBP"),
        (700, "JPEG"),
    ]
    assert image.crops  # the focal point's crops are made by the same task
    assert stored_keys(s3_storage) == sorted(
        [image.file.name, *(r["path"] for r in [*image.renditions, *image.crops])]
    )
    webp, jpeg = image.renditions[1], image.renditions[2]
    assert webp["path"] == f"images/renditions/{image.pk}/une-photo-320.webp"
    # The rendition in the bucket is the one made from the original in the bucket.
    assert stored_bytes(s3_storage, webp["path"])[:4] == b"RIFF"

    url = default_storage.url(jpeg["path"])
    assert url == f"{s3_endpoint}/{BUCKET}/images/renditions/{image.pk}/une-photo-320.jpg"
    answer = fetch(url)
    assert (answer.status, answer.body) == (200, stored_bytes(s3_storage, jpeg["path"]))
    stored = s3_storage.head_object(Bucket=BUCKET, Key=jpeg["path"])
    assert (stored["ContentType"], stored["CacheControl"]) == (
        "image/jpeg",
        "public, max-age=86400",
    )


@pytest.mark.django_db(transaction=True)
def test_a_second_upload_of_the_same_name_does_not_overwrite_the_first(s3_storage):
    first, second = upload(400), upload(500)

    assert first.file.name != second.file.name
    assert stored_bytes(s3_storage, first.file.name) != stored_bytes(s3_storage, second.file.name)


@pytest.mark.django_db(transaction=True)
def test_replacing_the_file_removes_the_old_renditions_from_the_bucket(s3_storage):
    image = upload(400)
    old = [r["path"] for r in image.renditions]
    clean = clean_upload(SimpleUploadedFile("autre.jpg", jpeg_bytes(500, 250), "image/jpeg"))

    services.save_image(image=image, clean=clean, original_name="autre.jpg")

    image.refresh_from_db()
    keys = stored_keys(s3_storage)
    assert not set(old) & set(keys)
    assert {r["path"] for r in image.renditions} <= set(keys)


@pytest.mark.django_db(transaction=True)
def test_deleting_an_image_deletes_its_files_from_the_bucket(s3_storage):
    kept, gone = upload(400), upload(450)
    kept.refresh_from_db()  # with the renditions and crops its task stored
    kept_keys = sorted([kept.file.name, *(r["path"] for r in [*kept.renditions, *kept.crops])])

    gone.delete()

    assert stored_keys(s3_storage) == kept_keys


@pytest.fixture
def database(tmp_path):
    yield from shared_database(tmp_path)


@pytest.mark.django_db(transaction=True)
def test_a_second_node_shows_the_picture_from_the_bucket(
    s3_storage, s3_endpoint, database, tmp_path
):
    image = upload(700)
    image.refresh_from_db()
    article = ArticleFactory(main_image=image, title="Le port de Marseille s'agrandit")

    node = Node(
        {
            **s3_environment(s3_endpoint),
            "DATABASE_URL": database,
            "CACHE_DIR": str(tmp_path / "node-cache"),
            # The node has no disk of its own for uploads: an empty folder.
            "MEDIA_ROOT": str(tmp_path / "node-media"),
        },
        log=tmp_path / "node.log",
    )
    try:
        page = node.get(article.get_absolute_url())
    finally:
        node.stop()

    assert page.status == 200, page.text
    base = f"{s3_endpoint}/{BUCKET}/images/renditions/{image.pk}/une-photo"
    srcset = re.search(r'<source type="image/webp" srcset="([^"]+)"', page.text)
    assert srcset is not None, page.text
    assert srcset.group(1) == f"{base}-320.webp 320w, {base}-640.webp 640w, {base}-700.webp 700w"
    src = re.search(r'<img src="([^"]+)"', page.text).group(1)
    assert src == f"{base}-700.jpg"
    assert "?" not in src  # unsigned: the cached page stays valid
    served = fetch(src)
    assert served.status == 200
    assert (
        sha256(served.body).hexdigest()
        == sha256(stored_bytes(s3_storage, image.renditions[-1]["path"])).hexdigest()
    )
