"""What each learner costs on a class JupyterHub: memory, CPU and waiting, with N learners at once.

The same hub as tests/test_hub.py (tests/jupyter_hub.py): JupyterHub with its configurable-http-proxy
on 127.0.0.1, the dummy authenticator, a process per learner (this venv's jupyterhub-singleuser),
and jupyterhub-idle-culler as a hub service. ``--users N`` learners, each in a headless Chromium of
their own and all at once, follow the nbgitpuller link (from a ``file://`` bare clone of this
repository), log in, get lesson 02 open, Run All and move the layer explorer. The learners wait
for one another at three points, where the memory is read:

- idle: the lesson open and its kernel started, nothing run yet;
- after Run All (every cell run, the explorers drawn);
- after the moves (three arrow-key presses and a drag of a slider).

Per learner: the resident memory (RSS) and the proportional share (PSS: pages shared with the other
learners' processes, such as numpy's and Python's code, counted once across them) of the
single-user server and of the kernel, and the CPU seconds they used; the time from the link to an
open lesson and the Run All time. Then the hub's and the proxy's memory, the machine's available
memory before, with everyone on, and after the idle culler stopped the learners' servers (their
browsers closed: nothing active), and what the servers cost idle (CPU over 20 s with no browser).

    .venv/bin/python benchmarks/bench_hub.py --users 5
    .venv/bin/python benchmarks/bench_hub.py --users 10 --cull-after 60 --shots /tmp/hub-shots

The learners' browsers run on the same machine (in a class they run on the learners' own): the
times are upper bounds, measured with N Chromiums on the same cores.

Needs Debian's chromium (/usr/bin/chromium), playwright, jupyterhub, nbgitpuller and
jupyterhub-idle-culler (requirements-dev.txt), and npm (the proxy, from hub/package-lock.json).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _machine import machine  # noqa: E402
from jupyter_hub import bare_clone, hub_skip_reason, idle_culler, jupyter_hub, pull_link, run_learners  # noqa: E402

MIB = 1 << 20
IDLE_WINDOW_S = 20


def mem_available_mib() -> float:
    """MemAvailable of /proc/meminfo: what the machine can still give (other users' processes move it)."""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def mem(proc) -> dict:
    """RSS, PSS and USS (its own pages, what its exit frees) of a psutil process, MiB."""
    info = proc.memory_full_info()
    return {"rss": info.rss / MIB, "pss": info.pss / MIB, "uss": info.uss / MIB}


def cpu_s(proc) -> float:
    """CPU seconds (user + system) of a process itself."""
    t = proc.cpu_times()
    return t.user + t.system


def machine_busy_s() -> float:
    """CPU seconds the whole machine has spent busy (every process, every core)."""
    import psutil

    t = psutil.cpu_times()
    return t.user + t.nice + t.system + getattr(t, "irq", 0) + getattr(t, "softirq", 0) + getattr(t, "steal", 0)


def spawn_times(log: str) -> list[float]:
    """ "User <name> took <s> seconds to start": the hub's own figure, login to a server that answers."""
    return [float(m) for m in re.findall(r"User \S+ took ([0-9.]+) seconds to start", log)]


def sample(hub) -> dict:
    """Memory and CPU of the hub, the proxy, and each learner's server and kernel, now."""
    import psutil

    procs = hub.processes()
    out = {"hub": mem(procs["hub"]), "proxy": mem(procs["proxy"]), "users": {}, "available": mem_available_mib()}
    out["hub_cpu"], out["proxy_cpu"] = cpu_s(procs["hub"]), cpu_s(procs["proxy"])
    out["machine_cpu"] = machine_busy_s()
    for name, user in procs["users"].items():
        with contextlib.suppress(psutil.Error):
            kernels = user["kernels"]
            out["users"][name] = {
                "server": mem(user["server"]),
                "kernel": {k: sum(mem(p)[k] for p in kernels) for k in ("rss", "pss", "uss")},
                "kernels": len(kernels),
                "server_cpu": cpu_s(user["server"]),
                "kernel_cpu": sum(cpu_s(p) for p in kernels),
            }
    return out


def med_max(values) -> str:
    values = list(values)
    return f"median {statistics.median(values):.1f}, max {max(values):.1f}" if values else "-"


def per_user(snap: dict, what: str, key: str) -> list[float]:
    return [u[what][key] for u in snap["users"].values()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--users", type=int, default=5, help="learners at once (default 5)")
    ap.add_argument("--cull-after", type=int, default=60, help="the idle culler's --timeout, seconds (default 60)")
    ap.add_argument("--no-cull", action="store_true", help="do not wait for the idle culler")
    ap.add_argument("--shots", help="a folder for a screenshot of each learner's explorer after the moves")
    ap.add_argument("--json", help="write the figures to this file as well")
    args = ap.parse_args()
    reason = hub_skip_reason()
    if reason:
        print(f"cannot run: {reason}")
        return 2

    names = [f"learner{i:02d}" for i in range(1, args.users + 1)]
    print(f"Class JupyterHub, {args.users} learners at once; {machine()}; load average {os.getloadavg()[0]:.2f}")
    snaps: dict = {"before": {"available": mem_available_mib()}}
    with tempfile.TemporaryDirectory(prefix="bench-hub-") as tmp:
        remote = bare_clone(Path(tmp) / "lessons.git")
        services, roles = idle_culler(timeout_s=args.cull_after, every_s=10)
        # activity reported every 10 s (the default is 5 min), so the culler sees a learner leave
        with jupyter_hub(services=services, roles=roles, activity_interval=10) as hub:
            snaps["hub_started"] = sample(hub)
            link = pull_link(hub.url, f"file://{remote}")
            t0 = time.monotonic()
            results = run_learners(
                hub,
                names,
                link,
                phase=lambda phase: snaps.__setitem__(phase, sample(hub)),
                n_moves=3,
                shot_dir=args.shots,
                timeout_s=600,
            )
            wall = time.monotonic() - t0
            snaps["left"] = sample(hub)  # every browser closed
            spawned = spawn_times(hub.log())
            time.sleep(IDLE_WINDOW_S)
            snaps["idle_window"] = sample(hub)
            culled_after = None
            if not args.no_cull:
                t1 = time.monotonic()
                deadline = t1 + args.cull_after + 180
                while time.monotonic() < deadline and hub.processes()["users"]:
                    time.sleep(2)
                if not hub.processes()["users"]:
                    culled_after = time.monotonic() - t1
                time.sleep(3)
                snaps["culled"] = sample(hub)

    errors = [r["name"] for r in results if r["notebook_errors"] or r["page_errors"]]
    n = args.users
    print(f"all {n} learners done in {wall:.1f} s; notebook or page errors: {errors or 'none'}")
    link_s = med_max(r["link_to_lesson_s"] for r in results)
    print(f"link -> open lesson (login, server start, pull, kernel ready): {link_s} s")
    print(f"  of which the hub started the learner's server in (its log): {med_max(spawned)} s")
    print(f"Run All of lesson 02, all at once: {med_max(r['run_all_s'] for r in results)} s")
    print(f"slider move -> new heatmap pixels: {med_max(ms for r in results for ms in r['move_ms'])} ms")
    print("per learner, MiB (median over learners)    server RSS  server PSS  kernel RSS  kernel PSS")
    for label, key in [
        ("idle (lesson open, nothing run)", "open"),
        ("after Run All", "ran"),
        ("after the moves", "moved"),
    ]:
        s = snaps[key]
        row = [statistics.median(per_user(s, w, k)) for w in ("server", "kernel") for k in ("rss", "pss")]
        print(f"  {label:40s}" + "".join(f"{v:12.0f}" for v in row))
    for key in ("hub", "proxy"):
        a, b = snaps["hub_started"][key], snaps["ran"][key]
        print(f"{key}: RSS {a['rss']:.0f} MiB at start, {b['rss']:.0f} MiB with everyone on (PSS {b['pss']:.0f})")

    def cpu(snap: str, name: str) -> float:
        user = snaps[snap]["users"].get(name)
        return user["kernel_cpu"] + user["server_cpu"] if user else float("nan")

    run_cpu = [cpu("ran", name) - cpu("open", name) for name in names]
    print(f"CPU seconds of one Run All (kernel + server): {med_max(run_cpu)}")
    moved, start = snaps["moved"], snaps["hub_started"]
    session = [cpu("moved", name) for name in names]
    hub_side = sum(session) + moved["hub_cpu"] - start["hub_cpu"] + moved["proxy_cpu"] - start["proxy_cpu"]
    busy = moved["machine_cpu"] - start["machine_cpu"]
    print(
        f"CPU seconds of a whole session (start, pull, lesson, Run All, moves), server + kernel: {med_max(session)}; "
        f"hub and proxy {moved['hub_cpu'] - start['hub_cpu'] + moved['proxy_cpu'] - start['proxy_cpu']:.1f} in all"
    )
    print(
        f"the machine was busy {busy:.0f} CPU seconds meanwhile ({busy / wall:.2f} of its {os.cpu_count()} cores); "
        f"the hub's side {hub_side:.0f} of them, the rest the {n} browsers and other users"
    )
    idle_cpu = [(cpu("idle_window", name) - cpu("left", name)) / IDLE_WINDOW_S * 100 for name in names]
    print(f"idle, browser closed: server + kernel use {med_max(idle_cpu)} % of a core ({IDLE_WINDOW_S} s)")
    before, on = snaps["before"]["available"], snaps["moved"]["available"]
    print(
        f"machine's available memory: {before:.0f} MiB before the hub, {on:.0f} MiB with everyone on "
        f"({(before - on) / n:.0f} MiB per learner, their browser included)"
    )
    per_learner = [u["server"]["pss"] + u["kernel"]["pss"] for u in snaps["moved"]["users"].values()]
    print(f"per learner after the lesson, server + kernel PSS: {med_max(per_learner)} MiB")
    if not args.no_cull:
        if culled_after is None:
            print(f"the idle culler (--timeout={args.cull_after}) left servers running for {args.cull_after + 180} s")
        else:
            back = snaps["culled"]["available"] - snaps["idle_window"]["available"]
            users = snaps["idle_window"]["users"].values()
            held = sum(u["server"]["pss"] + u["kernel"]["pss"] for u in users)
            own = sum(u["server"]["uss"] + u["kernel"]["uss"] for u in users)
            print(
                f"idle culler (--timeout={args.cull_after}, --cull-every=10): every server and kernel stopped "
                f"{culled_after:.0f} s after the idle window ({IDLE_WINDOW_S} s after the browsers closed); "
                f"they held {held / n:.0f} MiB per learner (PSS; {own / n:.0f} MiB their own pages, USS) before; "
                f"the machine's available memory rose "
                f"by {back:.0f} MiB ({back / n:.0f} MiB per learner; other users move it); left: hub RSS "
                f"{snaps['culled']['hub']['rss']:.0f}, proxy {snaps['culled']['proxy']['rss']:.0f} MiB"
            )
    if args.shots:
        print(f"screenshots of each learner's explorer: {args.shots}")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "machine": machine(),
                    "users": args.users,
                    "results": results,
                    "snapshots": snaps,
                    "spawn_s": spawned,
                    "culled_after_s": culled_after,
                },
                default=str,
                indent=1,
            )
        )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
