"""
The Dockerfile and compose.yaml, which Docker cannot run here: parsed, and held to what
the rest of the project says (the Procfile's processes, the Makefile's production
steps, the environment variables the settings read).
"""

import re
import shlex
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = (ROOT / "newsroom" / "settings.py").read_text()
# Read by the edge's purge hook settings (docs/edge.md), merged beside these.
COMPOSE_SUBSTITUTION = re.compile(r"\$\{(\w+)(?::?[-?][^}]*)?\}")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def dockerfile() -> list[tuple[str, str]]:
    """The Dockerfile's instructions, continuation lines joined."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    lines = [line.strip() for line in text.splitlines()]
    return [
        tuple(line.split(None, 1))
        for line in lines
        if line and not line.startswith("#") and " " in line
    ]


def procfile() -> dict[str, list[str]]:
    entries = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line and not line.startswith("#"):
            name, command = line.split(":", 1)
            entries[name] = shlex.split(command)
    return entries


def read_by_settings(name: str) -> bool:
    return bool(
        re.search(
            rf"""(os\.environ(\.get)?[(\[]|env_bool\(|env_list\()\s*["']{name}["']""", SETTINGS
        )
    )


def test_the_stack_has_every_service_a_deployment_needs(compose):
    assert set(compose["services"]) == {
        "migrate",
        "web",
        "worker",
        "mailer",
        "scheduler",
        "varnish",
        "postgres",
        "redis",
        "minio",
        "minio-bucket",
    }


def test_the_web_workers_and_scheduler_run_the_procfiles_commands(compose):
    processes, services = procfile(), compose["services"]
    web = ["0.0.0.0:8000" if token == "127.0.0.1:$PORT" else token for token in processes["web"]]

    assert services["web"]["command"] == web
    assert services["worker"]["command"] == processes["worker"]
    assert services["mailer"]["command"] == processes["mailer"]
    assert services["scheduler"]["command"] == processes["scheduler"]
    # The image's own command is the web node's.
    cmd = dict(dockerfile())["CMD"]
    assert yaml.safe_load(cmd) == [t.replace("${WORKERS:-2}", "2") for t in web]


def test_migrations_run_once_before_the_application_starts(compose):
    services = compose["services"]

    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert services["migrate"]["restart"] == "no"
    for name in ("web", "worker", "scheduler"):
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }


def test_the_applications_environment_is_what_the_settings_read(compose):
    environment = compose["services"]["web"]["environment"]
    for name in ("worker", "scheduler", "migrate"):
        assert compose["services"][name]["environment"] == environment

    unknown = {name for name in environment if not read_by_settings(name)}
    assert unknown == set()
    assert environment["NEWSROOM_ENV"] == "production"
    assert environment["MEDIA_STORAGE"] == "s3"
    assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")  # never a default
    assert environment["TRUSTED_PROXIES"] == "2"  # the TLS proxy, then Varnish


def test_the_compose_files_substitutions_all_have_a_value_or_a_refusal(compose):
    text = (ROOT / "compose.yaml").read_text()
    bare = [
        match.group(0)
        for match in COMPOSE_SUBSTITUTION.finditer(text)
        if not re.match(r"\$\{\w+(:-|:\?)", match.group(0))
    ]

    assert bare == []


def test_redis_never_evicts_the_read_counters(compose):
    command = compose["services"]["redis"]["command"]
    policy = command[command.index("--maxmemory-policy") + 1]

    # Only keys with a lifetime may go: the read counters' hashes have none
    # (audience.counters), nor the pages' generations (infra.generations).
    assert policy == "volatile-lru"
    assert "--maxmemory" in command


def test_varnish_loads_the_projects_configuration(compose):
    volumes = compose["services"]["varnish"]["volumes"]

    assert "./deploy/varnish/default.vcl:/etc/varnish/default.vcl:ro" in volumes
    assert "./deploy/compose/newsroom_site.vcl:/etc/varnish/newsroom_site.vcl:ro" in volumes
    site = (ROOT / "deploy" / "compose" / "newsroom_site.vcl").read_text()
    assert '.host = "web";' in site and '.port = "8000";' in site
    assert '.url = "/healthz";' in site


def test_the_bucket_is_the_one_the_application_uses(compose):
    environment = compose["services"]["web"]["environment"]
    script = compose["services"]["minio-bucket"]["command"][0]

    assert f"mc mb --ignore-existing store/{environment['S3_BUCKET']}" in script
    assert f"mc anonymous set download store/{environment['S3_BUCKET']}" in script
    assert environment["S3_ENDPOINT_URL"] == "http://minio:9000"


def test_the_image_is_small_unprivileged_and_has_its_static_files():
    instructions = dockerfile()
    froms = [value for op, value in instructions if op == "FROM"]
    runs = " ".join(value for op, value in instructions if op == "RUN")
    users = [value for op, value in instructions if op == "USER"]

    assert all(image.startswith("python:3.12-slim") for image in froms)
    assert users == ["newsroom"]
    assert "useradd --system --uid 10001" in runs
    assert "python manage.py collectstatic --noinput" in runs
    assert "pip install -r /tmp/requirements.txt" in runs
    # Production settings at build time (hashed static files), as `make serve` does.
    env = " ".join(value for op, value in instructions if op == "ENV")
    assert "NEWSROOM_ENV=production" in env
    assert "PIP_NO_CACHE_DIR=1" in env
    assert any(op == "HEALTHCHECK" and "/healthz" in value for op, value in instructions)
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", "var", "node_modules", "tests"} <= set(ignored)


def test_make_serve_and_the_image_collect_static_files_alike():
    makefile = (ROOT / "Makefile").read_text()

    assert "$(MANAGE) collectstatic --noinput --verbosity 0" in makefile
    assert "python manage.py collectstatic --noinput --verbosity 0" in " ".join(
        value for op, value in dockerfile() if op == "RUN"
    )
