"""The browser tests' fixtures, for every app's tests (the root conftest.py loads this module
as a pytest plugin): Playwright driving Debian's Chromium, never a downloaded browser.

Without Chromium or Playwright a browser test is skipped, unless MAJLIS_REQUIRE_BROWSER=1
(CI) makes that a failure. With MAJLIS_SCREENSHOTS=<folder> set (`make screenshots`), the
tests that show a feature save a picture of it there, for the README; otherwise `screenshot`
does nothing, and the tests are the same tests either way.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # the browser fixture says so, as a skip or (in CI) a failure
    sync_playwright = None

CHROMIUM = Path(os.environ.get("MAJLIS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # The same pictures on every machine: no smoothing of text that depends on the screen.
    "--font-render-hinting=none",
]
# Every wait is for a condition; this only bounds how long a broken page takes to fail.
TIMEOUT_MS = 5_000
# The screen the README's pictures are taken on (a laptop's, less the browser's bars), and a
# phone's.
DESKTOP = {"width": 1200, "height": 800}
PHONE = {"width": 390, "height": 844}

# Records every Content-Security-Policy violation the page reports, from its first script on.
VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push([e.violatedDirective, e.blockedURI, e.sourceFile].join(" "));
});
"""


def _unavailable(reason: str) -> None:
    if os.environ.get("MAJLIS_REQUIRE_BROWSER") == "1":
        pytest.fail(f"MAJLIS_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        _unavailable(f"no Chromium at {CHROMIUM}")
    if sync_playwright is None:
        _unavailable("the playwright package is not installed")
    # Playwright's sync API keeps an event loop running in this thread, and Django refuses
    # database queries from a thread with a running loop unless told it is safe: it is, the
    # loop only waits on the browser.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """Opens a page in a context of its own (its own cookies) on the live server."""
    contexts = []

    def open_page(**options):
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def sign_in(page, user) -> None:
    """Sign in on the desk's form, as a moderator does; the queue is then shown."""
    page.goto("/desk/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    page.locator("[data-queue]").wait_for()


def _shrink(path: Path) -> None:
    """A palette of 128 colours instead of millions: a screenshot of text looks the same and
    weighs a third. The same picture always gives the same file."""
    from PIL import Image

    with Image.open(path) as taken:
        small = taken.convert("RGB").quantize(colors=128)
    small.save(path, optimize=True)


@pytest.fixture
def screenshot():
    """`screenshot(page_or_locator, name)` saves name.png in $MAJLIS_SCREENSHOTS, if set."""
    folder = os.environ.get("MAJLIS_SCREENSHOTS")

    def take(target, name: str, **options) -> Path | None:
        if not folder:
            return None
        path = Path(folder) / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        # No moving parts: the same page gives the same picture.
        target.screenshot(path=str(path), animations="disabled", caret="hide", **options)
        _shrink(path)
        return path

    return take
