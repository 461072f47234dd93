"""Build the offline web book: a static site of the lessons, from their SAVED outputs.

    .venv/bin/python scripts/build_book.py                        # -> build/book/index.html
    .venv/bin/python scripts/build_book.py --jupyterhub-url https://hub.example.edu

Nothing is executed: Jupyter Book 1 (Sphinx + myst-nb, requirements-dev.txt) renders every
``notebooks/NN_*.ipynb`` with the outputs and widget state it was saved with. The pages ask no
other host for anything: MathJax, require.js, the ipywidgets HTML manager and the anywidget
loader come from the pinned npm packages in ``book/package.json`` (installed here with
``npm ci`` into the git-ignored ``book/node_modules``) and are served from the site's
``_static/``. The book's source is assembled next to the site, in ``build/book-src/``
(``book/``'s configuration, a copy of the lessons, the vendored files); ``notebooks/`` is only
read, and the build fails if a lesson changed while it ran.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
NODE_MODULES = BOOK / "node_modules"
LESSONS = "notebooks/[0-9][0-9]_*.ipynb"

# The widget modules html-manager's embed-amd.js carries itself; any other module a saved
# widget state names (anywidget) is loaded with require.js from "<cdn><name>@<range>/dist/index.js",
# and "<cdn>" is the site's own _static/widgets-cdn/ (book/_config.yml).
BUILTIN_WIDGET_MODULES = {"@jupyter-widgets/base", "@jupyter-widgets/controls", "@jupyter-widgets/output"}

# A <script src> or stylesheet <link href> on another host, or a CSS url() to one: what must not be in the site.
EXTERNAL = re.compile(
    r"""<script[^>]*\ssrc=["'](?:https?:)?//|<link[^>]*\shref=["'](?:https?:)?//[^>]*>|url\(\s*["']?(?:https?:)?//""",
    re.I,
)


def run(cmd: list[str], cwd: Path) -> None:
    print("$", " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=cwd, check=True)


def npm_ci() -> None:
    """book/node_modules exactly as book/package-lock.json pins it (no install scripts run)."""
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("npm is needed (node 20 and npm come with the base image; `sudo apt install npm` elsewhere)")
    run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], cwd=BOOK)


def lessons() -> list[Path]:
    return sorted(ROOT.glob(LESSONS))


def widget_modules(paths: list[Path]) -> set[tuple[str, str]]:
    """(module, version range) of every non-built-in widget model or view saved in the lessons."""
    found = set()
    for path in paths:
        meta = json.loads(path.read_text())["metadata"]
        state = meta.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
        for model in state.values():
            for name, version in (
                (model["model_module"], model["model_module_version"]),
                (model["state"].get("_view_module"), model["state"].get("_view_module_version")),
            ):
                if name and name not in BUILTIN_WIDGET_MODULES:
                    found.add((name, version))
    return found


def satisfies(version: str, spec: str) -> bool:
    """Whether an npm version satisfies a widget's saved range (the forms widgets use: exact,
    ``~X.Y.*``/``~X.Y.Z``, ``^X.Y.Z``, ``X.Y.*``)."""
    have = [int(x) for x in version.split(".")[:3]]
    op = spec[0] if spec[0] in "~^" else ""
    want = spec[len(op) :].split(".")
    fixed = [int(x) for x in want if x not in ("*", "x")]
    if op == "^":
        return have[0] == fixed[0] and have >= fixed + [0] * (3 - len(fixed))
    keep = min(len(fixed), 2) if op == "~" else len(fixed)
    return have[:keep] == fixed[:keep] and have >= fixed + [0] * (3 - len(fixed))


def vendor(dest: Path, modules: set[tuple[str, str]]) -> None:
    """Copy what the pages load into dest (the book's _vendor/, served as the site's _static/)."""
    mathjax = NODE_MODULES / "mathjax" / "es5"
    shutil.copytree(mathjax, dest / "mathjax")
    (dest / "requirejs").mkdir(parents=True)
    shutil.copy2(NODE_MODULES / "requirejs" / "require.js", dest / "requirejs" / "require.js")
    # embed-amd.js, at its npm path, and the fonts its CSS names: each of its modules fetches them
    # from the folder of its own require.js path (book/assets/widgets-setup.js maps
    # @jupyter-widgets/ into _static/), @jupyter-widgets/html-manager/dist/ or @jupyter-widgets/
    manager = NODE_MODULES / "@jupyter-widgets" / "html-manager" / "dist"
    widgets = dest / "@jupyter-widgets"
    (widgets / "html-manager" / "dist").mkdir(parents=True)
    shutil.copy2(manager / "embed-amd.js", widgets / "html-manager" / "dist" / "embed-amd.js")
    for f in manager.iterdir():
        if f.suffix in {".woff2", ".woff", ".ttf", ".eot", ".svg"}:
            shutil.copy2(f, widgets / "html-manager" / "dist" / f.name)
            shutil.copy2(f, widgets / f.name)
    for name, spec in sorted(modules):
        package = NODE_MODULES / name
        if not (package / "package.json").exists():
            sys.exit(f"the lessons' widgets need the npm package {name} ({spec}): add it to book/package.json")
        version = json.loads((package / "package.json").read_text())["version"]
        if not satisfies(version, spec):
            sys.exit(f"the lessons' widgets need {name}@{spec}; book/package.json pins {version}: update it")
        target = dest / "widgets-cdn" / f"{name}@{spec}" / "dist"
        target.mkdir(parents=True)
        shutil.copy2(package / "dist" / "index.js", target / "index.js")
    shutil.copytree(BOOK / "assets", dest / "book")


def write_source(src: Path, paths: list[Path], jupyterhub_url: str | None) -> None:
    if src.exists():
        shutil.rmtree(src)
    src.mkdir(parents=True)
    config = yaml.safe_load((BOOK / "_config.yml").read_text())
    if jupyterhub_url:
        config["launch_buttons"]["jupyterhub_url"] = jupyterhub_url
    (src / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    shutil.copy2(BOOK / "intro.md", src / "intro.md")
    shutil.copytree(BOOK / "_ext", src / "_ext", ignore=shutil.ignore_patterns("__pycache__"))
    # the lessons side by side at the top (every page at the site's root: the widgets' relative
    # module folder and the launch links' notebooks/<name> rely on it)
    for path in paths:
        shutil.copy2(path, src / path.name)
    toc = {"format": "jb-book", "root": "intro", "chapters": [{"file": p.stem} for p in paths]}
    (src / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False))
    vendor(src / "_vendor", widget_modules(paths))


def check_offline(site: Path) -> None:
    """Fail if any page, script or stylesheet of the site loads something from another host."""
    bad = []
    for f in site.rglob("*"):
        if f.suffix in {".html", ".css"} and f.is_file():
            for m in EXTERNAL.finditer(f.read_text(errors="replace")):
                bad.append(f"{f.relative_to(site)}: {m.group(0)[:120]}")
    if bad:
        sys.exit("the site would load from another host:\n" + "\n".join(bad[:20]))


def digest(paths: list[Path]) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def build(out: Path, jupyterhub_url: str | None = None, skip_npm: bool = False) -> Path:
    paths = lessons()
    if not paths:
        sys.exit(f"no lessons: nothing matches {LESSONS}")
    before = digest(paths)
    if not skip_npm:
        npm_ci()
    src = out.with_name(out.name + "-src")  # build/book-src: the book's source, assembled
    write_source(src, paths, jupyterhub_url)
    tmp = out.with_name(out.name + "-tmp")  # Jupyter Book's own build folder
    if tmp.exists():
        shutil.rmtree(tmp)
    jupyter_book = [sys.executable, "-c", "import sys; from jupyter_book.cli.main import main; sys.exit(main())"]
    # -W: a warning (a lesson the book would render wrong: a heading out of order, an output it
    # cannot show, a broken link) fails the build; --keep-going lists them all first
    build_cmd = [*jupyter_book, "build", str(src), "--path-output", str(tmp), "--builder", "html"]
    run([*build_cmd, "-W", "--keep-going"], cwd=ROOT)
    if out.exists():
        shutil.rmtree(out)
    shutil.move(tmp / "_build" / "html", out)
    shutil.rmtree(tmp)
    check_offline(out)
    if digest(paths) != before:
        sys.exit("building the book changed a lesson in notebooks/")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "book", help="the site's folder")
    parser.add_argument("--jupyterhub-url", help="your JupyterHub (with nbgitpuller), for the launch links")
    parser.add_argument("--skip-npm", action="store_true", help="reuse book/node_modules as it is (no npm ci)")
    args = parser.parse_args()
    t0 = time.perf_counter()
    out = build(args.out.resolve(), args.jupyterhub_url, args.skip_npm)
    print(f"built {out / 'index.html'} in {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
