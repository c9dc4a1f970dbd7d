"""Inline SVG charts of the report (no matplotlib): the waterfall of a tariff's build-up and the tornado
of the assumptions that move it most. Each chart carries a <title> and a <desc> with every figure, so
that a screen reader (and a search in the PDF) gets the numbers the bars show.

Only drawing happens here: the bars are :func:`kostprijs.presentation.plots.waterfall_steps` (the
model's trace) and the tornado rows of the sensitivity analysis; coordinates are the only arithmetic.
"""

from __future__ import annotations

import textwrap
from html import escape

from kostprijs.presentation.money import euro_nl

WIDTH, HEIGHT = 680, 270
TOP, BOTTOM, LEFT, RIGHT = 24, 66, 12, 12
COLORS = {"up": "#3d6fa8", "down": "#b03a2e", "total": "#173f66", "axis": "#555555", "text": "#1a1a1a",
          "low": "#3d6fa8", "high": "#b35c00"}


def _n(x: float) -> str:
    """A coordinate: one decimal, so that the SVG text is the same on every machine."""
    return f"{x:.1f}"


def _decimals(unit: str, amount: float) -> int:
    return 4 if unit.endswith("minuut") and abs(amount) < 10 else 2


def waterfall_svg(steps, unit: str, title: str, chart_id: str) -> str:
    """The build-up as a waterfall: each step a bar on top of the running amount, the tariff from zero."""
    n = len(steps)
    running, spans = 0.0, []
    for s in steps:
        if s.total:
            spans.append((0.0, s.amount))
        else:
            spans.append((running, running + s.amount))
            running += s.amount
    top = max([1e-9, *(max(a, b) for a, b in spans)])
    bottom = min([0.0, *(min(a, b) for a, b in spans)])
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(n, 1)

    def y(v: float) -> float:
        return TOP + (top - v) / (top - bottom) * plot_h

    desc = "; ".join(f"{s.label.replace(chr(10), ' ')}: {'' if s.total or s.amount < 0 else '+'}"
                     f"{euro_nl(s.amount, 2 if s.total else _decimals(unit, s.amount))}" for s in steps)
    out = [f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
           f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">',
           f'<title id="{chart_id}-t">{escape(title)}</title>',
           f'<desc id="{chart_id}-d">{escape(f"Opbouw in {unit}: {desc}.")}</desc>',
           f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_n(y(0))}" y2="{_n(y(0))}" stroke="{COLORS["axis"]}" '
           'stroke-width="1"/>']
    for k, (s, (a, b)) in enumerate(zip(steps, spans, strict=True)):
        x = LEFT + k * slot + slot * 0.15
        w = slot * 0.7
        color = COLORS["total"] if s.total else COLORS["up" if s.amount >= 0 else "down"]
        y0, y1 = sorted((y(a), y(b)))
        out.append(f'<rect x="{_n(x)}" y="{_n(y0)}" width="{_n(w)}" height="{_n(max(y1 - y0, 0.5))}" '
                   f'fill="{color}"/>')
        if not s.total and k + 1 < n:
            out.append(f'<line x1="{_n(x + w)}" x2="{_n(x + slot)}" y1="{_n(y(b))}" y2="{_n(y(b))}" '
                       f'stroke="{COLORS["axis"]}" stroke-width="0.8" stroke-dasharray="2,2"/>')
        value = euro_nl(s.amount, 2 if s.total else _decimals(unit, s.amount))
        sign = "+" if not s.total and s.amount > 0 else ""
        out.append(f'<text x="{_n(x + w / 2)}" y="{_n(y0 - 5)}" text-anchor="middle" font-size="11" '
                   f'fill="{COLORS["text"]}">{escape(sign + value)}</text>')
        lines = [part for line in s.label.split("\n") for part in textwrap.wrap(line, 16)]
        for j, line in enumerate(lines):
            out.append(f'<text x="{_n(x + w / 2)}" y="{_n(HEIGHT - BOTTOM + 16 + 13 * j)}" text-anchor="middle" '
                       f'font-size="9.5" fill="{COLORS["text"]}">{escape(line)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def tornado_svg(effects, baseline: float, unit: str, title: str, chart_id: str) -> str:
    """The assumptions that move a tariff most: per assumption a bar from the tariff at its low end to the
    tariff at its high end, around the baseline tariff (a vertical line). ``effects`` are dicts with
    parameter, range, tariff_low, tariff_high (the tornado rows of the sensitivity analysis)."""
    label_w, row_h, head = 230, 30, 22
    height = head + row_h * len(effects) + 26
    lo = min([baseline, *(min(e["tariff_low"], e["tariff_high"]) for e in effects)])
    hi = max([baseline, *(max(e["tariff_low"], e["tariff_high"]) for e in effects)])
    span = (hi - lo) or 1.0
    x0, x1 = LEFT + label_w, WIDTH - RIGHT - 130

    def x(v: float) -> float:
        return x0 + (v - lo) / span * (x1 - x0)

    desc = "; ".join(f"{e['parameter']} ({e['range']}): {euro_nl(e['tariff_low'])} tot {euro_nl(e['tariff_high'])}"
                     for e in effects)
    out = [f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
           f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">',
           f'<title id="{chart_id}-t">{escape(title)}</title>',
           f'<desc id="{chart_id}-d">{escape(f"Basistarief {euro_nl(baseline)} per {unit}; {desc}.")}</desc>']
    for k, e in enumerate(effects):
        top = head + k * row_h
        a, b = x(e["tariff_low"]), x(e["tariff_high"])
        mid = x(baseline)
        out.append(f'<text x="{LEFT}" y="{_n(top + row_h / 2 + 4)}" font-size="11" fill="{COLORS["text"]}">'
                   f'{escape(e["parameter"][:38])}</text>')
        for end, color in ((a, COLORS["low"]), (b, COLORS["high"])):
            left, w = min(mid, end), abs(end - mid)
            out.append(f'<rect x="{_n(left)}" y="{_n(top + 6)}" width="{_n(max(w, 0.8))}" height="{row_h - 12}" '
                       f'fill="{color}"/>')
        out.append(f'<text x="{_n(max(a, b, mid) + 4)}" y="{_n(top + row_h / 2 + 4)}" font-size="10.5" '
                   f'fill="{COLORS["text"]}">{escape(euro_nl(e["tariff_low"]))} – {escape(euro_nl(e["tariff_high"]))}'
                   '</text>')
    mid = x(baseline)
    out.append(f'<line x1="{_n(mid)}" x2="{_n(mid)}" y1="{head - 6}" y2="{height - 20}" stroke="{COLORS["axis"]}" '
               'stroke-width="1.2"/>')
    out.append(f'<text x="{_n(mid)}" y="{head - 9}" text-anchor="middle" font-size="10.5" fill="{COLORS["text"]}">'
               f'basis {escape(euro_nl(baseline))}</text>')
    out.append(f'<text x="{x0}" y="{height - 6}" font-size="10" fill="{COLORS["text"]}">'
               '<tspan fill="#3d6fa8">■</tspan> lage waarde  <tspan fill="#b35c00">■</tspan> hoge waarde</text>')
    out.append("</svg>")
    return "\n".join(out)
