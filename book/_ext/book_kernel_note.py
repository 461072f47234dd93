"""A Sphinx extension of the web book (named in book/_config.yml, ``local_extensions``).

- Each explorer (a saved ipywidgets view) gets a short note above it: it is drawn from the state
  the lesson saved, and moving it needs a kernel, with the page's Binder and JupyterHub links.
- The JupyterHub launch link (nbgitpuller's ``git-pull``, made by sphinx-book-theme) gets an
  explicit ``targetPath``: the folder nbgitpuller clones into, which the link's ``urlpath`` opens
  a lesson in. The theme's link relies on nbgitpuller's default folder name (the repository's);
  saying it makes the link open the lesson whatever that default is.
"""

from __future__ import annotations

import html
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

WIDGET_VIEW = '<script type="application/vnd.jupyter.widget-view+json">'


def _launch_links(context: dict) -> dict[str, str]:
    """{"Binder": url, "JupyterHub": url} of the page's launch buttons (fixing the hub's link)."""
    links = {}
    for group in context.get("header_buttons", []):
        if group.get("label") != "launch-buttons":
            continue
        for button in group.get("buttons", []):
            url = button.get("url", "")
            if "/git-pull?" in url:
                button["url"] = url = with_target_path(url)
            if button.get("text") and url:
                links[button["text"]] = url
    return links


def with_target_path(url: str) -> str:
    """An nbgitpuller link with ``targetPath`` set to the folder its ``urlpath`` opens in."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    if "targetPath" not in query:
        folder = query["repo"].rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
        query["targetPath"] = folder
    return urlunsplit(parts._replace(query=urlencode(query, safe="/")))


def note_html(links: dict[str, str]) -> str:
    where = " or ".join(f'<a href="{html.escape(url)}">{name}</a>' for name, url in links.items())
    launch = f"open this lesson on {where} (the rocket button at the top)" if where else "run the lesson in Jupyter"
    return (
        '<p class="bp-kernel-note">This explorer is drawn from the state the lesson saved. '
        f"Moving it, or clicking an entry to see its sum, needs a running kernel: {launch}.</p>\n"
    )


def add_kernel_notes(app, pagename, templatename, context, doctree):
    links = _launch_links(context)
    body = context.get("body")
    if body and WIDGET_VIEW in body:
        context["body"] = body.replace(WIDGET_VIEW, note_html(links) + WIDGET_VIEW)


def setup(app):
    # after sphinx-book-theme's launch buttons (priority 501)
    app.connect("html-page-context", add_kernel_notes, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
