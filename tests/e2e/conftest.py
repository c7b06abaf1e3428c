"""
The end-to-end suite: the site served by pytest-django's ``live_server`` and driven by
Debian's headless Chromium through Playwright.

- ``browser``: one Chromium for the whole session. Without Chromium (or Playwright) the
  tests are skipped with the reason, except in CI (``CI`` set), where they fail.
- ``page``: a fresh context (desktop, French) per test, with ``page.problems`` collecting
  console errors, uncaught exceptions and failed requests; each test ends with
  ``page.problems.assert_clean()``.
- ``shoot(page, name)``: full-page screenshots at 1280 and 375 px wide, into
  ``tests/e2e/screenshots/`` (ignored by git) for a person to look at.
- ``axe(page)``: runs axe-core from ``node_modules`` (``npm ci``), injected through the
  DevTools protocol so that the site's CSP (no inline script) stays on.
"""

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group, Permission

from articles.body import read_also_marker
from comments.models import Comment
from tests.factories import (
    AgencyFactory,
    ArticleFactory,
    AuthorFactory,
    CommentFactory,
    ImageFactory,
    SectionFactory,
    TopicFactory,
    UserFactory,
)

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 375, "height": 812}
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def unavailable(reason: str):
    """Skip on a developer's machine; fail in CI, which never skips the browser tests."""
    if in_ci():
        pytest.fail(f"{reason} (CI never skips the browser tests)", pytrace=False)
    pytest.skip(reason)


def find_chromium() -> str | None:
    for candidate in (
        os.environ.get("CHROMIUM"),
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


@dataclass
class Problems:
    """What a page did wrong: console errors, uncaught exceptions, failed requests."""

    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    expected: list[tuple[str, str, int]] = field(default_factory=list)

    def expect_status(self, method: str, path: str, status: int) -> None:
        """Declare an error answer that the test provokes on purpose (a form re-shown with 400)."""
        self.expected.append((method, path, status))

    def on_console(self, message) -> None:
        if message.type != "error":
            return
        location = message.location.get("url", "")
        # Chromium also logs each error answer; an expected one is not a problem.
        status = re.match(r"Failed to load resource: .* status of (\d+)", message.text)
        if status and self._is_expected(None, location, int(status.group(1))):
            return
        self.console_errors.append(f"{message.text} ({location})")

    def on_page_error(self, error) -> None:
        self.console_errors.append(f"uncaught: {error}")

    def on_request_failed(self, request) -> None:
        if request.failure == "net::ERR_ABORTED":
            # Cancelled by the browser because the page navigated away (a favicon or
            # an image still loading when the test clicks on): not a site problem. An
            # error answer is caught by on_response, a blocked one by on_console.
            return
        self.failed_requests.append(f"{request.method} {request.url}: {request.failure}")

    def on_response(self, response) -> None:
        request = response.request
        if response.status >= 400 and not self._is_expected(
            request.method, response.url, response.status
        ):
            self.failed_requests.append(f"{request.method} {response.url}: HTTP {response.status}")

    def _is_expected(self, method: str | None, url: str, status: int) -> bool:
        path = urlsplit(url).path
        return any(
            (path, status) == (expected_path, expected_status) and method in (None, expected_method)
            for expected_method, expected_path, expected_status in self.expected
        )

    def assert_clean(self) -> None:
        assert self.console_errors == [], "JavaScript console errors"
        assert self.failed_requests == [], "failed requests"


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed (pip install -r requirements-dev.txt)")
    executable = find_chromium()
    if executable is None:
        unavailable(
            "Chromium not found: install Debian's browser with `apt-get install -y chromium` "
            "(or point the CHROMIUM variable at a Chromium binary)"
        )
    args = list(CHROMIUM_ARGS)
    if os.geteuid() == 0:
        # Chromium's sandbox cannot start as root.
        args.append("--no-sandbox")
    SCREENSHOTS.mkdir(exist_ok=True)
    # Playwright's sync API keeps an event loop in this thread for as long as the
    # browser lives; Django refuses ORM calls from such a thread unless told that it
    # is safe, which it is here (the loop is idle while a test's own code runs). The
    # permission lasts as long as the browser, and the environment is restored after.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(executable_path=executable, args=args)
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _e2e_settings(settings):
    """The live server runs in a thread of this process, so these apply to it too."""
    settings.NEWSROOM = {
        **settings.NEWSROOM,
        # A person takes seconds to write; the test types at once.
        "COMMENT_MIN_FILL_SECONDS": 0,
        # One proxy in front, so X-Forwarded-For tells distinct readers apart.
        "TRUSTED_PROXIES": 1,
        # Readers get pages from the shared page cache, as in production: the
        # comment and report flows must work on cached pages.
        "PAGE_CACHE": True,
    }


def _new_page(browser, *, viewport=DESKTOP, reader_ip="198.51.100.1", **options):
    context = browser.new_context(
        viewport=viewport,
        locale="fr-FR",
        timezone_id="Europe/Paris",
        extra_http_headers={"X-Forwarded-For": reader_ip},
        **options,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.problems = Problems()
    page.on("console", page.problems.on_console)
    page.on("pageerror", page.problems.on_page_error)
    page.on("requestfailed", page.problems.on_request_failed)
    page.on("response", page.problems.on_response)
    return page


@pytest.fixture
def new_page(browser):
    """Open more pages (other readers, a phone); each has its own cookies and problems."""
    pages = []

    def make(**options):
        page = _new_page(browser, **options)
        pages.append(page)
        return page

    yield make
    for page in pages:
        page.context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def mobile_page(new_page):
    return new_page(viewport=MOBILE, is_mobile=True, has_touch=True, reader_ip="198.51.100.2")


@pytest.fixture
def shoot():
    """Save full-page screenshots of the current page, desktop and mobile widths."""

    def take(page, name: str) -> None:
        SCREENSHOTS.mkdir(exist_ok=True)
        original = page.viewport_size
        # From the top, so that sticky elements (the admin's sidebar) sit where a
        # reader first sees them.
        page.evaluate("() => window.scrollTo(0, 0)")
        for label, size in (("desktop", DESKTOP), ("mobile", MOBILE)):
            page.set_viewport_size(size)
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
        page.set_viewport_size(original)

    return take


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_PATH.exists():
        npm = shutil.which("npm")
        if npm:
            subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=False)
        if not AXE_PATH.exists():
            unavailable(f"axe-core is missing: run `npm ci` in {ROOT} (needs node and npm)")
    return AXE_PATH.read_text(encoding="utf-8")


@pytest.fixture
def axe(axe_source):
    """
    Run axe-core on the page (or inside ``selector``) and return the serious and
    critical violations as readable lines. ``page.evaluate`` goes through the DevTools
    protocol, so the CSP that forbids inline scripts does not block the injection.
    """

    def run(page, selector: str = "html") -> list[str]:
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(axe_source)
        results = page.evaluate(
            """async (selector) => {
                const results = await axe.run(selector, {resultTypes: ["violations"]});
                return results.violations.map((v) => ({
                    id: v.id, impact: v.impact, help: v.help,
                    targets: v.nodes.map((n) => n.target.join(" ")),
                }));
            }""",
            selector,
        )
        return [
            f"{v['impact']}: {v['id']} — {v['help']} — {', '.join(v['targets'][:5])}"
            for v in results
            if v["impact"] in {"serious", "critical"}
        ]

    return run


@pytest.fixture
def newsroom(db):
    """
    A small newspaper: two sections, a story with everything an article page shows
    (image with credit, authors, topic, agency, a "Lire aussi", published comments)
    and a few more stories for the home page.
    """
    economy = SectionFactory(name="Économie", slug="economie", position=1)
    tech = SectionFactory(name="Technologie", slug="technologie", position=2)
    author = AuthorFactory(name="Camille Durand", slug="camille-durand")
    topic = TopicFactory(name="Intelligence artificielle", slug="intelligence-artificielle")
    agency = AgencyFactory()
    related = ArticleFactory(
        title="Les start-up françaises lèvent des fonds records",
        lead="Le capital-risque se concentre sur quelques jeunes pousses.",
        section=economy,
        main_image=ImageFactory(alt_text="Un open space", credit="Studio Lumière"),
    )
    article = ArticleFactory(
        title="Mistral AI ouvre un centre de calcul en Essonne",
        lead="La start-up parisienne investit dans ses propres serveurs.",
        body=(
            "<p>Le chantier a commencé au printemps, à une heure de Paris.</p>"
            + read_also_marker(related.pk)
            + "<h2>Des milliers de processeurs</h2><p>Le centre sera le plus grand du pays.</p>"
        ),
        section=tech,
        main_image=ImageFactory(
            alt_text="Des baies de serveurs éclairées en bleu",
            caption="Une salle du centre de calcul.",
            credit="Jeanne Martin",
        ),
        authors=[author],
        topics=[topic],
        agencies=[agency],
    )
    ArticleFactory(title="Le prix de l'électricité baisse pour les entreprises", section=economy)
    ArticleFactory(title="Les puces européennes rattrapent leur retard", section=tech)
    comments = [
        CommentFactory(
            article=article,
            name="Sophie",
            body="Une bonne nouvelle pour l'emploi local.",
            status=Comment.Status.PUBLISHED,
        ),
        CommentFactory(
            article=article,
            name="Marc",
            body="Et la consommation d'eau du centre ?",
            status=Comment.Status.PUBLISHED,
        ),
    ]
    article.refresh_from_db()
    return SimpleNamespace(
        economy=economy,
        tech=tech,
        article=article,
        related=related,
        comments=comments,
        author=author,
        topic=topic,
    )


def restore_roles() -> None:
    """
    Create the newsroom's roles as their data migrations do, from the migrations' own
    lists: a transactional test (every one here) empties the database when it ends,
    and the groups with it; the permissions come back on their own (post_migrate).
    """
    roles = import_module("articles.migrations.0004_newsroom_roles").ROLES
    for name, codenames in roles.items():
        group, _ = Group.objects.get_or_create(name=name)
        # The images' permissions moved to the images app with their model.
        group.permissions.set(
            Permission.objects.filter(
                content_type__app_label__in=["articles", "images"], codename__in=codenames
            )
        )
    used_images = import_module("articles.migrations.0007_editors_change_used_images")
    app_label, codename = used_images.PERMISSION
    Group.objects.get(name=used_images.EDITORS).permissions.add(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
    )
    wire = import_module("wire.migrations.0002_newsroom_roles")
    for name, codenames in wire.CODENAMES.items():
        Group.objects.get(name=name).permissions.add(
            *Permission.objects.filter(content_type__app_label="wire", codename__in=codenames)
        )
    desk = import_module("desk.migrations.0002_newsroom_roles")
    Group.objects.get(name=desk.EDITORS).permissions.add(
        *Permission.objects.filter(content_type__app_label="desk", codename__in=desk.CODENAMES)
    )
    moderators = import_module("comments.migrations.0002_moderators_group")
    group, _ = Group.objects.get_or_create(name=moderators.MODERATORS)
    group.permissions.set(
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in moderators.PERMISSIONS
    )


@pytest.fixture
def staff_user(db):
    """Make a staff member in one of the newsroom's roles ("Éditeurs", "Modérateurs"...)."""
    restore_roles()

    def make(username: str, group: str):
        user = UserFactory(username=username, is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        return user

    return make
