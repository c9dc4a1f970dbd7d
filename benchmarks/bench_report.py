"""Time `kostprijs report` for the whole NOB report (51 products; appendices verify, index to 2025 and
sensitivity): HTML and PDF (issue 13; goal under 5 s and under 30 s on the project's 2-core machine).

Run with plain ``python benchmarks/bench_report.py [--repeat N] [--no-pdf]`` (from a clone: the package
is found in src/ if it is not installed; needs the extra ``report``). Each figure is wall time of the
whole command in-process after one warm-up of the parameter set (the cache of compiled sets is on, as
for a user), split into building the data, rendering the HTML and rendering the PDF; the CPU time of the PDF
rendering and the load average are printed too (the machine is shared). The last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

try:
    import kostprijs  # noqa: F401
except ImportError:  # a clean clone without an install
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from kostprijs.analysis.report import build, load_inputs
from kostprijs.cli.options import load_index_run
from kostprijs.presentation.report import render_html, render_pdf


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-pdf", action="store_true")
    ap.add_argument("--region", default=None)
    ap.add_argument("--year", type=int, default=2025, help="the index appendix to this year (0: none)")
    args = ap.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    load_inputs(args.region, None, None, None)   # warm-up: parse and compile the set once
    data_s, html_s, pdf_s, pdf_cpu = [], [], [], []
    html = ""
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        run = load_index_run(args.region, None, None, None, args.year) if args.year else None
        pset, named, published = load_inputs(args.region, None, None, None, run.pset if run else None)
        report = build(pset, None, named, published, run, sensitivity=True)
        t1 = time.perf_counter()
        html = render_html(report)
        t2 = time.perf_counter()
        data_s.append(t1 - t0)
        html_s.append(t2 - t0)
    if not args.no_pdf:
        for _ in range(max(1, min(args.repeat, 2))):
            t0, c0 = time.perf_counter(), time.process_time()
            pdf = render_pdf(html)
            pdf_s.append(time.perf_counter() - t0 + statistics.median(html_s))
            pdf_cpu.append(time.process_time() - c0)
    out = {"region": args.region or "nob-2021", "products": len(report.products), "html_bytes": len(html.encode()),
           "data_s": round(statistics.median(data_s), 3), "html_s": round(statistics.median(html_s), 3),
           "pdf_s": round(statistics.median(pdf_s), 2) if pdf_s else None,
           "pdf_cpu_s": round(statistics.median(pdf_cpu), 2) if pdf_cpu else None,
           "load_1min": round(os.getloadavg()[0], 2), "pdf_bytes": len(pdf) if pdf_s else None,
           "python": platform.python_version(), "cpus": os.cpu_count()}
    print(f"report {out['region']}: {out['products']} products, HTML {out['html_bytes'] / 1e6:.2f} MB")
    print(f"  data  {out['data_s']:.3f} s (median of {args.repeat})")
    print(f"  HTML  {out['html_s']:.3f} s  (goal < 5 s, data included)")
    if pdf_s:
        print(f"  PDF   {out['pdf_s']:.2f} s  (goal < 30 s, HTML included; {len(pdf_s)} run(s))")
        print(f"        {out['pdf_cpu_s']:.2f} s of CPU for WeasyPrint alone (load average {out['load_1min']} on "
              f"{out['cpus']} CPUs: on a busy machine the wall time is the larger figure)")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
