"""Read + compute of the NOB set from its input workbook against the YAML files (cache off: the work itself).

    python benchmarks/bench_workbook.py [repeats]

Prints the median wall time of each path and the ratio (goal: the workbook at most 2x the YAML path).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ["KOSTPRIJS_CACHE"] = "off"

from kostprijs.core.model import compute
from kostprijs.parameters.compile import load
from kostprijs.parameters.load import resolve
from kostprijs.parameters.setfiles import workbook_data
from kostprijs.parameters.workbook import params_locations
from kostprijs.presentation.input_workbook import input_workbook


def timed(source, n: int) -> float:
    runs = []
    for _ in range(n):
        t = time.perf_counter()
        compute(load(source).arrays)
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    yaml_source = resolve("nob-2021", None)
    data, pset = workbook_data(yaml_source)
    book = Path(tempfile.mkdtemp()) / "invoer.xlsx"
    t = time.perf_counter()
    book.write_bytes(input_workbook(data, params_locations(pset)))
    written = time.perf_counter() - t
    xlsx_source = resolve(None, book)
    timed(yaml_source, 1), timed(xlsx_source, 1)         # imports and schema build out of the way
    y, x = timed(yaml_source, n), timed(xlsx_source, n)
    print(f"NOB 2021, median of {n}, cache off: YAML {y * 1000:.0f} ms, workbook {x * 1000:.0f} ms "
          f"(ratio {x / y:.2f}; goal <= 2); writing the workbook {written * 1000:.0f} ms, "
          f"{book.stat().st_size // 1024} kB")


if __name__ == "__main__":
    main()
