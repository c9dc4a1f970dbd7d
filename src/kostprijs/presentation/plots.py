"""Pictures (matplotlib, an optional extra): the build-up of a tariff as a waterfall, and scenario deltas.

matplotlib is imported only here and only when a picture is asked for; without it the command stops
with one line naming the extra (``pip install 'kostprijs[plot]'``). Figures are drawn with the
object-oriented API (no pyplot, no GUI backend) and written atomically, without a timestamp.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kostprijs.analysis.labels import unit_text
from kostprijs.errors import KostprijsError
from kostprijs.parameters.fingerprint import provenance_line
from kostprijs.presentation.money import euro_nl, percent_nl

FORMATS = ("png", "svg", "pdf")
EXTRA = "pip install 'kostprijs[plot]'"


def require_matplotlib(path: Path) -> None:
    """Fail early (before any computing) if the picture cannot be drawn."""
    fmt = Path(path).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise KostprijsError(f"--plot {path}: give a file ending in .png, .svg or .pdf")
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise KostprijsError(f"--plot needs matplotlib, which is not installed: {EXTRA}") from None


@dataclass(frozen=True)
class Step:
    label: str
    amount: float          # the contribution in EUR per unit (the tariff for the last step)
    total: bool = False    # a bar from zero (the tariff), not a step on top of the previous


def waterfall_steps(pset, code: str, micro: bool = False) -> tuple[list[Step], str]:
    """The build-up of one tariff in euro per unit: salary, the opslagen of cost element a (beroepskrachten),
    productivity, each opslag of element c (overhead, risico), fixed parts and the tariff. Every bar is
    taken from the model's trace, so the bars add up to the unrounded tariff.

    The model's chain is multiplicative and yearly per FTE; each step here is its contribution to the
    tariff per unit. Productivity is the extra cost of the non-client-bound hours: salary and
    surcharges are first spread over the bruto hours (Tabel 4), then over the client-bound hours. An
    FTE-based product (verblijf: FTE per jeugdige) does not depend on productive hours (they cancel),
    and a column without bruto hours cannot split it off; there the step is 0 and the label says why.
    """
    import textwrap

    from kostprijs.analysis.explain import trace
    from kostprijs.analysis.labels import opslag_name, waterfall

    p = pset.product(code)
    unit = f"EUR/{p.unit}"
    if p.index is None and p.basis == "fixed":  # a fixed tariff: one bar
        return [Step(waterfall("fixed_tariff"), float(p.tariff), total=True)], unit
    t, i = trace(pset, code, micro)
    per_unit = float(t.unit_hours[i] / t.hours[i])   # EUR per unit for each EUR of yearly cost per FTE
    col = pset.models["functiemix"].products[code].productiviteit.value
    bruto = pset.models["opslagen"].productiviteit[col].bruto
    if bool(pset.arrays.is_fte[i]):
        gross, why = per_unit, waterfall("productivity_fte")
    elif bruto is None:
        gross, why = per_unit, waterfall("productivity_in_hours")
    else:
        gross, why = per_unit * float(t.hours[i]) / bruto.value, waterfall("productivity")
    # the personnel opslagen up to the first overhead one are spread over the bruto hours with the salary
    n_personnel = next((n for n, o in enumerate(t.opslagen) if o.opslag.element != "a"), len(t.opslagen))
    salary = float(t.yearly[i])
    loaded = float(t.opslagen[n_personnel - 1].amount[i]) if n_personnel else salary
    steps = [Step(waterfall("salary"), salary * gross)]
    if n_personnel:
        names = ", ".join(opslag_name(o.field) for o in t.opslagen[:n_personnel])
        steps.append(Step(textwrap.fill(names, 24), (loaded - salary) * gross))
    steps.append(Step(why, loaded * (per_unit - gross)))
    before = loaded
    for o in t.opslagen[n_personnel:]:
        after = float(o.amount[i])
        steps.append(Step(opslag_name(o.field), (after - before) * per_unit))
        before = after
    steps.append(Step(waterfall("fixed"), float(t.fixed[i])))
    steps.append(Step(waterfall("tariff"), float(t.cents[i]) / 100, total=True))
    return steps, unit


NAME_WIDTH = 34


def name_label(text: str, width: int = NAME_WIDTH) -> str:
    """A product label on at most two lines, broken at word boundaries; a longer name is shortened after
    a whole word with '…' (never cut mid-word)."""
    import textwrap

    lines = textwrap.wrap(text, width, break_long_words=False)
    if len(lines) <= 2:
        return "\n".join(lines)
    second = textwrap.shorten(" ".join(lines[1:]), width, placeholder=" …")
    return lines[0] + "\n" + second


def _decimals(unit: str, amount: float) -> int:
    return 4 if unit.endswith("minuut") and abs(amount) < 10 else 2


def _save(fig, path: Path, footer: str | None = None) -> None:
    """Write the figure atomically; ``footer``: a small grey line at the bottom (the provenance line of
    :func:`kostprijs.parameters.fingerprint.provenance_line`), below everything else."""
    from kostprijs.presentation.writers import write_atomic_bytes

    if footer:
        inch = (0.12 + 0.1 * (footer.count("\n") + 1)) / fig.get_figheight()   # room for its lines, in inches
        fig.get_layout_engine().set(rect=(0, inch, 1, 1 - inch))
        fig.text(0.005, inch * 0.3, footer, fontsize=5.5, color="#777777", ha="left", va="bottom")

    fmt = Path(path).suffix.lower().lstrip(".")
    meta = {"png": {"Software": None}, "svg": {"Date": None}, "pdf": {"CreationDate": None}}[fmt]
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=120, metadata=meta)
    write_atomic_bytes(path, buf.getvalue(), option="--plot")


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _draw_steps(ax, steps: list[Step], unit: str, fontsize: float = 8) -> None:
    """Waterfall bars: a total from zero, each other step on top of the running amount, labelled."""
    running = 0.0
    for x, s in enumerate(steps):
        if s.total:
            bottom, height, color = 0.0, s.amount, "#1f4e79"
            running = s.amount
        else:
            bottom, height = running, s.amount
            color = "#6a9fd4" if s.amount >= 0 else "#c0504d"
            running += s.amount
        ax.bar(x, height, bottom=bottom, color=color, width=0.7, edgecolor="white")
        if not s.total and x + 1 < len(steps):
            ax.plot([x + 0.35, x + 0.65], [running, running], color="#888888", linewidth=0.8)
        top = bottom + max(height, 0)
        text = euro_nl(s.amount, 2 if s.total else _decimals(unit, s.amount))
        ax.annotate(("+" if not s.total and s.amount > 0 else "") + text, (x, top), xytext=(0, 3),
                    textcoords="offset points", ha="center", va="bottom", fontsize=fontsize)
    ax.set_xticks(range(len(steps)), [s.label for s in steps], fontsize=fontsize)
    ax.set_ylabel(unit.replace("EUR/", "€ per "))
    ax.yaxis.set_major_formatter(lambda v, _pos: euro_nl(v, 2))
    ax.margins(y=0.12)
    ax.spines[["top", "right"]].set_visible(False)


def plot_steps_grid(panels: list[tuple[str, str, list[Step]]], title: str, path: Path,
                    footer: str | None = None) -> None:
    """Several waterfalls in one picture (`diff --plot`): ``panels`` are (title, unit, steps); each
    panel's y axis starts just below its lowest bar top, so that small steps on a large tariff show."""
    require_matplotlib(path)
    cols = 1 if len(panels) == 1 else 2
    rows = -(-len(panels) // cols)
    fig = _figure(9 * cols / 1.4 if cols > 1 else 9, min(3.6 * rows + 0.6, 200))
    for n, (name, unit, steps) in enumerate(panels):
        ax = fig.add_subplot(rows, cols, n + 1)
        _draw_steps(ax, steps, unit, fontsize=7)
        levels, running = [], 0.0
        for s in steps:
            running = s.amount if s.total else running + s.amount
            levels.append(running)
        lo, hi = min(levels), max(levels)
        pad = max(hi - lo, 1e-9) * 0.6
        bottom = max(0.0, lo - pad)
        ax.set_ylim(bottom, hi + pad)
        if bottom > 0:
            ax.set_ylabel(f"{unit_text(unit)} (as begint niet bij 0)", fontsize=7)
        ax.yaxis.set_major_formatter(lambda v, _pos: f"{v:g}".replace(".", ","))
        ax.set_title(name, fontsize=8)
    fig.suptitle(title, fontsize=10)
    _save(fig, path, footer)


def plot_waterfall(pset, code: str, path: Path, micro: bool = False) -> None:
    """`kostprijs explain CODE --plot FILE`: the build-up as a waterfall, each bar labelled."""
    require_matplotlib(path)
    steps, unit = waterfall_steps(pset, code, micro)
    p = pset.product(code)
    fig = _figure(9, 5)
    ax = fig.add_subplot()
    _draw_steps(ax, steps, unit)
    variant = " (micro-onderneming)" if micro else ""
    ax.set_title(f"{p.code} {p.name}{variant}: opbouw per {p.unit}\n{pset.models['opslagen'].title}", fontsize=10)
    _save(fig, path, provenance_line(pset))


def plot_compare(rows: list[dict[str, Any]], names: list[str], path: Path, footer: str | None = None) -> None:
    """`kostprijs compare --plot FILE`: delta % of the tariff per product (rows; micro-onderneming tariffs
    as rows of their own) and scenario (bars)."""
    require_matplotlib(path)
    by_code: dict[str, dict[str, dict]] = {}
    for r in rows:
        by_code.setdefault(r["code"], {})[r["scenario"]] = r
    lines = []   # (label, {scenario: delta %})
    for code, per in by_code.items():
        base = per["baseline"]
        for suffix, pct_key, delta_key in (("", "delta_pct", "delta"), (" (micro)", "delta_pct_micro", "delta_micro")):
            if any(per[n][pct_key] is not None and (base["basis"] == "model" or per[n][delta_key]) for n in names):
                label = name_label(f"{code} {base['product']}{suffix}")
                lines.append((label, {n: per[n][pct_key] or 0.0 for n in names}))
    if not lines:
        raise KostprijsError(f"--plot {path}: no tariff to draw")
    n = len(names)
    fig = _figure(9, min(1.4 + 0.22 * len(lines) * (1 + 0.35 * (n - 1)), 60))
    ax = fig.add_subplot()
    bar = 0.8 / n
    for k, name in enumerate(names):
        ys = [i + (k - (n - 1) / 2) * bar for i in range(len(lines))]
        values = [d[name] for _, d in lines]
        bars = ax.barh(ys, values, height=bar, label=name)
        colour = bars.patches[0].get_facecolor() if bars.patches else None
        for y, v in zip(ys, values, strict=True):
            if abs(v) < 0.05:   # no bar to see: a marker and the figure, so 0% does not read as missing data
                ax.plot([0], [y], marker="D", markersize=4, color=colour, zorder=3)
                ax.annotate(percent_nl(v), (0, y), xytext=(6, 0), textcoords="offset points", va="center",
                            fontsize=6, color="#333333")
    ax.set_yticks(range(len(lines)), [label for label, _ in lines], fontsize=7)
    ax.set_ylim(len(lines) - 0.5, -0.5)
    ax.axvline(0, color="#444444", linewidth=0.8)
    ax.set_xlabel("Δ % van het tarief t.o.v. de baseline")
    ax.xaxis.set_major_formatter(lambda v, _pos: percent_nl(v, signed=True))
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.legend(fontsize=8, loc="best")
    ax.set_title("Scenario's: verschil per product", fontsize=10)
    _save(fig, path, footer)
