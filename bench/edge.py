"""
The edge's scenarios of `make bench` (docs/edge.md, docs/performance.md):

- ``edge_article``: the article under test served by Varnish (deploy/varnish) in front
  of the bench's gunicorn, from Varnish's cache;
- ``nginx_static``: nginx serving the same bytes as a static file, the ceiling the
  edge is compared with (``ratio_to_nginx``), measured in the same run;
- ``purge_to_fresh``: while wrk loads an article through the edge, the article gets a
  correction, the purge task's work runs (``generations.purge_pending``: an xkey soft
  purge) and the edge is asked until it serves the correction; the delay from the
  commit, ``PURGE_ROUNDS`` times (bench/purge_fresh.py).

Needs varnishd with varnish-modules, and nginx (Debian: varnish varnish-modules
nginx-light); without them these scenarios are left out, with the reason.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EDGE_PORT = int(os.environ.get("BENCH_EDGE_PORT", "8766"))
NGINX_PORT = int(os.environ.get("BENCH_NGINX_PORT", "8767"))
EDGE_BASE = f"http://127.0.0.1:{EDGE_PORT}"
NGINX_BASE = f"http://127.0.0.1:{NGINX_PORT}"
TOKEN = "bench-edge-token-Vq3kN8xL2pR7sT1w"  # noqa: S105 (loopback only)
PURGE_ROUNDS = 40

NGINX_CONF = """
daemon off;
worker_processes auto;
pid {folder}/nginx.pid;
error_log {folder}/error.log error;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_requests 1000000;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {folder}/www;
        location / {{ default_type "text/html; charset=utf-8"; }}
    }}
}}
"""


def missing() -> str | None:
    """Why the edge scenarios cannot run here, or None."""
    for program, package in (("varnishd", "varnish varnish-modules"), ("nginx", "nginx-light")):
        if not shutil.which(program) and not Path(f"/usr/sbin/{program}").exists():
            return f"{program} is missing (apt-get install -y {package})"
    return None


def _wait(url: str, process: subprocess.Popen, what: str) -> None:
    for _ in range(200):
        if process.poll() is not None:
            raise SystemExit(f"{what} exited")
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"{what} did not start")


def start_varnish(env: dict, backend_port: int) -> tuple[subprocess.Popen, str]:
    """Varnish on EDGE_PORT in front of the bench's gunicorn; its process and folder."""
    folder = tempfile.mkdtemp(prefix="bench-edge-")
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'newsroom.settings');"
        "django.setup(); from infra import edge; import json, sys;"
        f"print(edge.site_vcl(backend_port={backend_port}, token={TOKEN!r}));"
        f"print('\\x00' + json.dumps(edge.varnishd_command(port={EDGE_PORT}, "
        f"site_dir={folder!r}, work_dir={folder + '/work'!r}, memory='256m')))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    site, command = output.split("\x00")
    Path(folder, "newsroom_site.vcl").write_text(site)
    import json

    process = subprocess.Popen(
        json.loads(command),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    _wait(f"{EDGE_BASE}/static/css/site.css", process, "varnishd")
    return process, folder


def start_nginx(content: bytes) -> tuple[subprocess.Popen, str]:
    """nginx on NGINX_PORT serving ``content`` as /article.html."""
    folder = tempfile.mkdtemp(prefix="bench-nginx-")
    Path(folder, "www").mkdir()
    Path(folder, "www", "article.html").write_bytes(content)
    os.chmod(folder, 0o755)  # noqa: S103 (nginx's workers read it; nothing secret)
    conf = Path(folder, "nginx.conf")
    conf.write_text(NGINX_CONF.format(folder=folder, port=NGINX_PORT))
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    process = subprocess.Popen(
        [nginx, "-p", folder, "-c", str(conf)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    _wait(f"{NGINX_BASE}/article.html", process, "nginx")
    return process, folder


def stop(process: subprocess.Popen, folder: str) -> None:
    import signal

    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        process.kill()
    shutil.rmtree(folder, ignore_errors=True)


def purge_env(env: dict) -> dict:
    """What the site's processes need to purge this edge."""
    return {
        **env,
        "PURGE_HOOK": "infra.purgers.varnish",
        "VARNISH_PURGE_URLS": f"{EDGE_BASE}/",
        "PURGE_TOKEN": TOKEN,
    }
