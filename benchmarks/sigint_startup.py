"""Ctrl-C during start-up: send SIGINT to `kostprijs compute --format csv` after a random delay within its
start-up, N times, and count the runs that printed a traceback or exited with neither 0 nor 130.

    python benchmarks/sigint_startup.py [N]
"""

import os
import random
import shutil
import signal
import subprocess
import sys
import time

PACKAGE = os.sep + "kostprijs" + os.sep


def ours(err: bytes) -> bool:
    """Whether a traceback has a frame in a file of the kostprijs package (src/kostprijs/... or
    site-packages/kostprijs/...). The console-script wrapper (bin/kostprijs, which pip writes: `import re`,
    `from kostprijs.cli import main`) and the interpreter's own start-up are not: an interrupt there comes
    before any line of ours runs, and Python prints its traceback."""
    text = err.decode(errors="replace")
    frames = [line for line in text.splitlines() if line.strip().startswith("File ")]
    # the interpreter's clean-up after main() returned (threading._shutdown) comes after our code: ours too
    return any(PACKAGE in line for line in frames) or "_shutdown" in text


def main(n: int = 100) -> int:
    exe = shutil.which("kostprijs") or sys.exit("kostprijs is not installed")
    env = {**os.environ, "KOSTPRIJS_CACHE": "off"}
    t0 = time.perf_counter()
    subprocess.run([exe, "compute", "--format", "csv"], capture_output=True, env=env, check=False)
    full = time.perf_counter() - t0
    bad, before, codes = 0, 0, {}
    rng = random.Random(1)
    for _ in range(n):
        p = subprocess.Popen([exe, "compute", "--format", "csv"], stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, env=env)
        time.sleep(rng.uniform(0.0, full))
        p.send_signal(signal.SIGINT)
        _, err = p.communicate()
        codes[p.returncode] = codes.get(p.returncode, 0) + 1
        if b"Traceback" in err and not ours(err):
            before += 1   # in the interpreter's own start-up or the console-script wrapper, before our code runs
        elif b"Traceback" in err or p.returncode not in (0, 130, -signal.SIGINT):
            bad += 1
            print(err.decode(errors="replace")[-800:], file=sys.stderr)
    print(f"SIGINT during start-up ({full:.2f} s): {n} runs; {bad} with a traceback from kostprijs code or "
          f"another exit code; {before} with a traceback before kostprijs code ran (interpreter start-up or the "
          f"console-script wrapper); exit codes {dict(sorted(codes.items()))} (-2: killed before Python "
          f"handles SIGINT)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100))
