"""Start-up cost of the CLI against importing numpy (issue 6).

Run with plain ``python benchmarks/bench_startup.py``. Prints the median wall time of
``kostprijs compute --format csv`` and ``python -c "import numpy"`` (and ``kostprijs --help``), each
run in a fresh process, interleaved, after warm-up runs, and their ratio; the last line is JSON.

The warm-up runs are made with bytecode writing allowed, so that the measured runs read compiled
modules as an installed package does (pip compiles them on install), also where
PYTHONDONTWRITEBYTECODE is set.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 21
ROOT = Path(__file__).resolve().parents[1]


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
    warm_env = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cli = kostprijs_command()
    cmds = {
        "numpy": [sys.executable, "-c", "import numpy"],
        "compute": [*cli, "compute", "--format", "csv"],
        "help": [*cli, "--help"],
        "python": [sys.executable, "-c", "pass"],
        # what any typer CLI that computes with numpy pays before doing anything (typer >= 0.2x coerces
        # every option through pydantic TypeAdapters): the floor of `kostprijs compute`
        "floor": [sys.executable, "-c", "import numpy, typer, typer._adapters"],
    }
    for cmd in cmds.values():
        for _ in range(2):
            subprocess.run(cmd, env=warm_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    times: dict[str, list[float]] = {k: [] for k in cmds}
    for _ in range(RUNS):
        for name, cmd in cmds.items():
            t = time.perf_counter()
            subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, check=True)
            times[name].append(time.perf_counter() - t)
    med = {k: statistics.median(v) for k, v in times.items()}
    ratio = med["compute"] / med["numpy"]
    print(f"median wall time of {RUNS} runs each (fresh processes, interleaved), {' '.join(cli)}:")
    for name, label in (("python", 'python -c "pass"'), ("numpy", 'python -c "import numpy"'),
                        ("floor", "import numpy, typer (+pydantic)"),
                        ("help", "kostprijs --help"), ("compute", "kostprijs compute --format csv")):
        print(f"  {label:34s} {med[name] * 1000:8.1f} ms")
    print(f"  ratio compute / import numpy     {ratio:8.2f}   (goal <= 2.0)")
    print(json.dumps({"compute_s": round(med["compute"], 4), "numpy_s": round(med["numpy"], 4),
                      "help_s": round(med["help"], 4), "python_s": round(med["python"], 4),
                      "floor_numpy_typer_s": round(med["floor"], 4),
                      "floor_ratio": round(med["floor"] / med["numpy"], 2),
                      "ratio": round(ratio, 2), "goal_ratio": 2.0, "meets_goal": ratio <= 2.0}))


if __name__ == "__main__":
    main()
