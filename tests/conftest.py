"""Shared pytest configuration for tests/ (the markers are declared in pyproject.toml)."""

import os
import tempfile

import pytest
from hypothesis import settings
from jupyter_browser import CHROMIUM_ARGS, browser_skip_reason, chromium_executable, jupyter_server

# tests/fixtures holds inputs for the browser harness (tests/jupyter_browser.py), not tests:
# keep nbval (the --nbval in addopts) from collecting its notebook as a lesson.
collect_ignore_glob = ["fixtures/*"]

# In CI (CI=true, as .ci/run is run) the property tests draw the same examples every run, so a
# red CI is never a coin toss; on a developer's machine they keep drawing new ones (and keep a
# failure in .hypothesis/ to replay it first).
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


# What makes a test an integration test (`-m integration`; the contributor's tier is `-m "not integration"`): it
# drives a browser (browser), builds a fresh environment (slow), or needs one of these fixtures: a clean clone and
# the README's servers (clone), nbgrader's command line (course, scores), a real Jupyter server (enabled), other
# machines' variants (variant_runs). Tests that start a process of their own carry the marker themselves.
INTEGRATION_FIXTURES = {"clone", "course", "scores", "enabled", "variant_runs"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        uses = set(getattr(item, "fixturenames", ()))
        if item.get_closest_marker("browser") or item.get_closest_marker("slow") or uses & INTEGRATION_FIXTURES:
            item.add_marker(pytest.mark.integration)


def pytest_configure(config):
    """pytest-playwright's artifacts: a screenshot of every failed browser test, in a temporary
    folder, never in the repository (its default is ./test-results). Options given on the command
    line win. A trace of each failure (``--tracing retain-on-failure``; open it with
    ``.venv/bin/playwright show-trace <trace.zip>``) is not on by default: recording it made each
    slider move about five times slower here (median 50 -> 280 ms) and the lesson test twice as long."""
    if not hasattr(config.option, "tracing"):  # pytest-playwright is not installed
        return
    # pytest-base-url's fallback in pytest-playwright defines base_url in a way pytest 9 warns about
    config.addinivalue_line("filterwarnings", "ignore:Session-scoped fixtures defined as instance methods")
    given = " ".join(config.invocation_params.args)
    if "--output" not in given:
        config.option.output = tempfile.mkdtemp(prefix="playwright-results-")
    if "--screenshot" not in given:
        config.option.screenshot = "only-on-failure"


def pytest_report_header(config):
    if hasattr(config.option, "tracing"):
        return f"browser tests: screenshots (and traces, with --tracing) of failures in {config.option.output}"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's ``browser`` fixture launches Debian's Chromium (``playwright install``
    cannot download a browser here) with the flags measured to work here (see tests/jupyter_browser.py)."""
    return {**browser_type_launch_args, "executable_path": chromium_executable(), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 1100}}


def _server():
    reason = browser_skip_reason()
    if reason:
        pytest.skip(reason)
    with jupyter_server() as server:  # over a temporary copy of the lessons
        yield server


# One server per front end: Notebook 7's page, opened on a server where a JupyterLab page was
# open before, throws "Command 'filebrowser:open-path' not registered" (measured, 7.6.5).


@pytest.fixture(scope="session")
def lab_server():
    """A JupyterLab server for the browser tests that use JupyterLab's page."""
    yield from _server()


@pytest.fixture(scope="session")
def notebook_server():
    """Another, for the tests that use Notebook 7's page."""
    yield from _server()
