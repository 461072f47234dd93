"""The offline web book (scripts/build_book.py) in headless Chromium, with no network.

The site is built once (``npm ci`` of book/package-lock.json, then Jupyter Book from the lessons'
saved outputs) into a temporary folder, served over http on 127.0.0.1, and every request the page
makes to any other host is aborted and recorded: the pages must draw their math, their heatmaps
and their search results from the site alone, and ask no other host for anything.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import subprocess
import sys
import threading
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from jupyter_browser import ROOT, browser_skip_reason

NO_NPM = "no npm: the book's build vendors its scripts with npm ci (node 20 and npm are on the base image)"
SKIP_REASON = browser_skip_reason() or (None if shutil.which("npm") else NO_NPM)
# skipped before any fixture starts (pytest-playwright's page would launch a missing Chromium)
pytestmark = [pytest.mark.browser, pytest.mark.skipif(SKIP_REASON is not None, reason=SKIP_REASON or "")]

LESSON_02 = "02_hidden_layer_chain_rule"
REPO = "backprop-notebooks/backprop-notebooks"
HUB = "https://hub.example.edu"  # passed to the build: the JupyterHub launch links go there
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The built site, served on 127.0.0.1 at a free port: yields its base URL and folder."""
    out = tmp_path_factory.mktemp("book") / "book"
    t0 = time.monotonic()
    build = subprocess.run(
        [sys.executable, "scripts/build_book.py", "--out", str(out), "--jupyterhub-url", HUB],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, f"the book did not build:\n{build.stdout[-4000:]}\n{build.stderr[-4000:]}"
    print(f"\nbook built in {time.monotonic() - t0:.1f} s")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", out
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture
def offline(page, site):
    """The page, with every request to another host aborted; yields (page, base URL, record), where
    record["outside"] lists those requests and record["errors"] the page's uncaught errors."""
    base, _ = site
    record = {"outside": [], "errors": []}

    def route(route):
        url = route.request.url
        if url.startswith(base):
            route.continue_()
        else:
            record["outside"].append(url)
            route.abort()

    page.context.route("**/*", route)
    page.on("pageerror", lambda error: record["errors"].append(str(error)))
    yield page, base, record


def saved_widget_views(stem: str) -> int:
    nb = json.loads((ROOT / "notebooks" / f"{stem}.ipynb").read_text())
    return sum(
        WIDGET_VIEW in output.get("data", {})
        for cell in nb["cells"]
        if cell["cell_type"] == "code"
        for output in cell["outputs"]
    )


# How many pixels of a canvas are drawn (neither transparent nor white), for each canvas of the page.
DRAWN_PIXELS = """() => [...document.querySelectorAll("canvas")].map((c) => {
  if (!c.width || !c.height) return 0;
  const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 250 || d[i + 1] < 250 || d[i + 2] < 250)) n++;
  return n;
})"""


# [widget views saved on the page, views the HTML manager has drawn] (it draws each one into a
# .widget-subarea it inserts before the view's script tag)
VIEWS = """() => [
  document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length,
  [...document.querySelectorAll(".widget-subarea")].filter((e) => e.childElementCount > 0).length,
]"""
ALL_DRAWN = f"(([saved, drawn]) => saved === drawn)(({VIEWS})())"


def test_every_page_draws_offline(offline, site):
    """Every lesson page (and the first page and the search page): its math typeset, every
    explorer drawn from the saved state with no widget error, no uncaught error, and no request
    to another host."""
    page, base, record = offline
    pages = ["intro", *(p.stem for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))), "search"]
    assert all((site[1] / f"{name}.html").exists() for name in pages)
    for name in pages:
        page.goto(base + f"{name}.html", wait_until="load")
        page.wait_for_function(ALL_DRAWN, timeout=30_000)
        page.wait_for_function(
            "document.querySelectorAll('.math').length === document.querySelectorAll('.math mjx-container').length",
            timeout=30_000,
        )
        saved, drawn = page.evaluate(VIEWS)
        assert drawn == saved == page.locator(".bp-kernel-note").count(), name
        assert page.locator(".widget-error").count() == 0, name
    assert record["errors"] == []
    assert record["outside"] == []


def test_lesson_02_draws_math_and_heatmaps_offline(offline):
    """Lesson 02: MathJax typesets the math, every saved explorer is drawn from its widget state
    (the heatmap canvases have pixels), each carries the note that moving it needs a kernel, and
    nothing was asked of another host."""
    page, base, record = offline
    t0 = time.monotonic()
    page.goto(base + f"{LESSON_02}.html", wait_until="load")
    page.wait_for_function("document.querySelectorAll('mjx-container').length > 20", timeout=30_000)
    # 146 widget models to render; give the canvases time to appear and be painted
    page.wait_for_function(ALL_DRAWN, timeout=30_000)
    page.wait_for_function(f"({DRAWN_PIXELS})().some((n) => n > 500)", timeout=30_000)
    drawn = page.evaluate(DRAWN_PIXELS)
    seconds = time.monotonic() - t0
    math = page.locator("mjx-container").count()
    views = saved_widget_views(LESSON_02)
    print(f"\nlesson 02: {math} formulas, {len(drawn)} canvases ({sum(n > 0 for n in drawn)} drawn) in {seconds:.1f} s")

    assert math > 20
    assert page.locator(".math").count() == page.locator(".math mjx-container").count(), "a formula left untypeset"
    assert views > 0 and len(drawn) > 0
    assert page.locator(".bp-kernel-note").count() == views
    note = page.locator(".bp-kernel-note").first.inner_text()
    assert "needs a running kernel" in note and "Binder" in note and "JupyterHub" in note
    assert page.locator(".widget-error").count() == 0, "a widget failed to render from its saved state"
    assert record["errors"] == []
    assert record["outside"] == []


def test_search_finds_a_lesson(offline):
    """The search box (Sphinx's own index, served by the site) returns lesson 02 for "transpose"."""
    page, base, record = offline
    page.goto(base + "intro.html", wait_until="load")
    page.keyboard.press("Control+k")
    box = page.locator("#pst-search-dialog input[type=search]")
    box.fill("transpose")
    box.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q=transpose"))
    results = page.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=20_000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any(h.startswith(f"{LESSON_02}.html") for h in hrefs), hrefs
    assert record["errors"] == []
    assert record["outside"] == []


def test_launch_links(offline, site):
    """Every lesson page has a Binder link (as the README's badge: the lesson in JupyterLab) and a
    JupyterHub link through nbgitpuller (clone into targetPath, open the lesson there)."""
    page, base, record = offline
    page.goto(base + f"{LESSON_02}.html", wait_until="load")
    binder = page.locator(".dropdown-launch-buttons a[href*='mybinder.org']").get_attribute("href")
    assert binder == f"https://mybinder.org/v2/gh/{REPO}/main?urlpath=lab/tree/notebooks/{LESSON_02}.ipynb"
    readme_badge = re.search(r"\(https://mybinder\.org/v2/gh/[^)]*\)", (ROOT / "README.md").read_text()).group(0)
    assert readme_badge.startswith(f"(https://mybinder.org/v2/gh/{REPO}/main?urlpath=lab/tree/notebooks/")

    hub = urlsplit(page.locator(".dropdown-launch-buttons a[href*='git-pull']").get_attribute("href"))
    assert f"{hub.scheme}://{hub.netloc}{hub.path}" == f"{HUB}/hub/user-redirect/git-pull"
    query = {k: v[0] for k, v in parse_qs(hub.query).items()}
    assert query == {
        "repo": f"https://github.com/{REPO}",
        "branch": "main",
        "targetPath": "backprop-notebooks",
        "urlpath": f"lab/tree/backprop-notebooks/notebooks/{LESSON_02}.ipynb",
    }
    assert record["outside"] == []

    # and on every lesson page, each naming that page's own lesson
    lessons = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    for path in lessons:
        text = (site[1] / f"{path.stem}.html").read_text()
        assert f"/main?urlpath=lab/tree/notebooks/{path.name}" in text
        assert f"urlpath=lab/tree/backprop-notebooks/notebooks/{path.name}" in text
