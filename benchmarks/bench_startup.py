"""Start-up cost of ``kostprijs compute --format csv`` against the floor of its stack (issue 11).

Run with plain ``python benchmarks/bench_startup.py [RUNS]``. The floor is ``floor_app.py``: a bare Typer
app that imports numpy and prints one line. Each command runs in a fresh process, the commands
interleaved, after warm-up runs (so the OS file cache is warm); the figures are medians of wall time.

* ``compute, cached``: the compiled parameter set comes from the cache (:mod:`kostprijs.parameters.cache`),
  as on every run after the first with the same files;
* ``compute, cold cache``: an empty cache directory for every run (read, compile and write the entry);
* ``compute, no cache``: ``KOSTPRIJS_CACHE=off``.

The cache lives in a temporary directory, never the user's. The warm-up runs are made with bytecode
writing allowed, so that the measured runs read compiled modules as an installed package does (pip
compiles them on install), also where PYTHONDONTWRITEBYTECODE is set. Prints figures, asserts nothing;
the last line is JSON.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 21
ROOT = Path(__file__).resolve().parents[1]
GOAL = 1.3


def kostprijs_command() -> list[str]:
    script = Path(sys.executable).with_name("kostprijs")
    if script.is_file():
        return [str(script)]
    found = shutil.which("kostprijs")
    return [found] if found else [sys.executable, "-m", "kostprijs"]


def main() -> None:
    env = dict(os.environ)
    try:
        import kostprijs  # noqa: F401
    except ImportError:  # a clean clone without an install
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    scratch = Path(tempfile.mkdtemp(prefix="kostprijs-bench-"))
    env["XDG_CACHE_HOME"] = str(scratch / "warm")
    env.pop("KOSTPRIJS_CACHE", None)
    cli = kostprijs_command()
    compute = [*cli, "compute", "--format", "csv"]
    cmds = {
        "python": ([sys.executable, "-c", "pass"], {}),
        "numpy": ([sys.executable, "-c", "import numpy"], {}),
        "floor": ([sys.executable, str(ROOT / "benchmarks" / "floor_app.py")], {}),
        "help": ([*cli, "--help"], {}),
        "cached": (compute, {}),
        "cold": (compute, {"XDG_CACHE_HOME": None}),  # a new empty directory per run
        "off": (compute, {"KOSTPRIJS_CACHE": "off"}),
    }

    def run(name: str, warm: bool = False) -> tuple[float, float]:
        cmd, extra = cmds[name]
        run_env = {**env, **{k: v for k, v in extra.items() if v is not None}}
        if "XDG_CACHE_HOME" in extra:
            run_env["XDG_CACHE_HOME"] = tempfile.mkdtemp(dir=scratch)
        if warm:
            run_env.pop("PYTHONDONTWRITEBYTECODE", None)
        before, t = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        subprocess.run(cmd, env=run_env, stdout=subprocess.DEVNULL, check=True)
        wall, after = time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN)
        return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime

    try:
        for name in cmds:
            for _ in range(2):
                run(name, warm=True)
        times: dict[str, list[float]] = {k: [] for k in cmds}
        cpu: dict[str, list[float]] = {k: [] for k in cmds}
        for _ in range(RUNS):
            for name in cmds:
                wall, used = run(name)
                times[name].append(wall)
                cpu[name].append(used)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    med = {k: statistics.median(v) for k, v in times.items()}
    med_cpu = {k: statistics.median(v) for k, v in cpu.items()}
    ratio = {k: med[k] / med["floor"] for k in ("cached", "cold", "off")}
    print(f"median wall time of {RUNS} runs each (fresh processes, interleaved), {' '.join(cli)}:")
    for name, label in (("python", 'python -c "pass"'), ("numpy", 'python -c "import numpy"'),
                        ("floor", "floor: Typer app + numpy, one line"), ("help", "kostprijs --help"),
                        ("cached", "compute --format csv, cached"), ("cold", "compute --format csv, cold cache"),
                        ("off", "compute --format csv, no cache")):
        extra = f"   {ratio[name]:.2f} x floor" if name in ratio else ""
        print(f"  {label:36s} {med[name] * 1000:8.1f} ms   (cpu {med_cpu[name] * 1000:6.1f} ms){extra}")
    print(f"  goal: compute (cached) <= {GOAL} x floor (wall time); cpu = user + system time of the process, "
          "less sensitive to a busy machine")
    print(json.dumps({**{f"{k}_s": round(v, 4) for k, v in med.items()},
                      **{f"ratio_{k}": round(v, 2) for k, v in ratio.items()},
                      "ratio_cached_cpu": round(med_cpu["cached"] / med_cpu["floor"], 2),
                      "goal_ratio": GOAL, "meets_goal": ratio["cached"] <= GOAL}))


if __name__ == "__main__":
    main()
