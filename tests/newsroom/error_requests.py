"""
The requests that once made error pages fail, sent through the test client in a
process of its own (``python -m tests.newsroom.error_requests``), so that they run
under whichever settings its environment selects: production ones included. Prints
each request's status, and the HSTS header of a few responses, as JSON.
"""

import json
import os

import django


def broken_requests(client) -> dict[str, int]:
    """Each request by name, with the status it answered."""
    article_post = "/commentaires/article/1/"
    many = "&".join(f"p{n}=1" for n in range(1001))
    return {
        # generic(): the body goes out as these bytes, not re-encoded by the client.
        "latin1_post": client.generic(
            "POST",
            article_post,
            b"name=Ren%E9&body=caf\xe9\xff",
            content_type="application/x-www-form-urlencoded; charset=iso-8859-1",
        ).status_code,
        "unknown_charset_post": client.generic(
            "POST",
            article_post,
            b"name=caf\xe9",
            content_type="application/x-www-form-urlencoded; charset=utf-42",
        ).status_code,
        "long_media_name": client.get("/media/" + "a" * 300 + ".jpg").status_code,
        "long_static_name": client.get("/static/" + "a" * 300 + ".css").status_code,
        "many_parameters": client.get(f"/?{many}").status_code,
        # A view that reads its query string: the beacon looks for ?preview.
        "many_parameters_read": client.post(
            f"/audience/lu/1/?{many}", HTTP_USER_AGENT="Mozilla/5.0 Firefox/140.0"
        ).status_code,
        "many_fields_post": client.post(
            article_post,
            "&".join(f"f{n}=1" for n in range(1001)),
            content_type="application/x-www-form-urlencoded",
        ).status_code,
    }


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    # Production pages name the hashed static files of a collected manifest.
    call_command("collectstatic", interactive=False, verbosity=0)
    client = Client(raise_request_exception=False, enforce_csrf_checks=True)
    print(json.dumps({"statuses": broken_requests(client), "hsts": hsts(client)}))


def hsts(client) -> dict[str, str | None]:
    """The HSTS header of a few classes of response over HTTPS (production sets it)."""
    responses = {
        "404": client.get("/nulle-part/", secure=True),
        "static": client.get("/static/css/site.css", secure=True),
        "beacon": client.post("/audience/lu/1/", secure=True),
        "media": client.get("/media/absente.jpg", secure=True),
    }
    return {name: r.headers.get("Strict-Transport-Security") for name, r in responses.items()}


if __name__ == "__main__":
    main()
