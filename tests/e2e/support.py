"""Steps that several browser tests share."""

from django.urls import reverse

PASSWORD = "secret-password-1"  # tests.factories.UserFactory's

# Collects the page's CSP violations, its frames' included; an init script runs through
# the DevTools protocol, so the policy under test does not block the listener itself.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    let sink = window;
    try {
        sink = window.top.__cspViolations ? window.top : window;
    } catch (error) {
        // A frame of another origin keeps its own list.
    }
    sink.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def csp_violations(page) -> list[str]:
    return page.evaluate("() => window.__cspViolations")


def url(live_server, name: str, *args, **kwargs) -> str:
    return live_server.url + reverse(name, args=args or None, kwargs=kwargs or None)


def wait_for_comment_form(page) -> None:
    """site.js fills the CSRF token and the signed timestamp from /commentaires/jeton/."""
    page.wait_for_function(
        """() => {
            const form = document.getElementById("comment-form");
            const csrf = form && form.querySelector("input[name=csrfmiddlewaretoken]");
            const ts = form && form.querySelector("input[name=ts]");
            return Boolean(csrf && csrf.value && ts && ts.value);
        }"""
    )


def admin_login(page, live_server, user) -> None:
    page.goto(url(live_server, "admin:login"))
    page.get_by_label("Nom d’utilisateur").fill(user.username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url(url(live_server, "admin:index"))


def horizontal_overflow(page) -> int:
    """
    How many CSS pixels the page is wider than the layout viewport (0 when it fits).
    Not ``window.innerWidth``: a mobile browser zooms out to show a page that is too
    wide, and the zoomed-out visual viewport then seems to fit it.
    """
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"
    )


# Resolves when the image has loaded (true) or failed (false).
IMAGE_LOADED = """(img) => img.complete ? img.naturalWidth > 0 : new Promise((resolve) => {
    img.addEventListener("load", () => resolve(img.naturalWidth > 0), {once: true});
    img.addEventListener("error", () => resolve(false), {once: true});
})"""


def image_loaded(locator) -> bool:
    """Wait until the image has loaded or failed; True when it was decoded."""
    return locator.evaluate(IMAGE_LOADED)


def unloaded_images(page) -> list[str]:
    """Load every image of the page, lazy ones included; the addresses of those that fail."""
    return page.locator("img").evaluate_all(
        f"""async (images) => {{
            const loaded = await Promise.all(images.map((img) => {{
                img.loading = "eager";
                return ({IMAGE_LOADED})(img);
            }}));
            return images.filter((img, i) => !loaded[i]).map((img) => img.currentSrc || img.src);
        }}"""
    )
