"""The report's charts, drawn by matplotlib into inline SVG.

Text stays text (``svg.fonttype = none``) with a CJK-capable font stack, so the browser
renders it with the same fonts as the page; no image, font or script is referenced.
Each chart gets its own hash salt so the ids of two inline SVGs never collide, and the
output is deterministic (no dates in the metadata).
"""

from __future__ import annotations

import io
import logging
import math
import re
from collections.abc import Sequence
from typing import Any

import matplotlib
import matplotlib.cm
import matplotlib.colors
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from pipeline.report.data import COUNTRY_NAMES

FONT_STACK = ["Noto Sans CJK JP", "Noto Sans CJK KR", "Noto Sans JP", "Malgun Gothic",
              "Hiragino Sans", "Yu Gothic", "DejaVu Sans"]
INK = "#1f2933"
MUTED = "#6b7785"
GRID = "#e3e7ec"
LINE = "#1d4e89"
BAND = "#9fbfe0"
ALERT = "#c0392b"
REVISED = "#d68910"
EVENT = "#8e6c8a"
TIER_COLOURS = {"leader": "#1d4e89", "ministry": "#5d9c8c"}
RDI_FLOOR, RDI_CEIL = 10.0, 1000.0

_RC = {
    "svg.fonttype": "none",
    "font.family": ["sans-serif"],
    "font.sans-serif": FONT_STACK,
    "font.size": 8.5,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "axes.linewidth": 0.6,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "xtick.labelcolor": INK,
    "ytick.labelcolor": INK,
    "text.color": INK,
}
logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)


def _svg(fig: Figure, name: str, label: str) -> str:
    """Serialise ``fig`` as an inline <svg> element (no XML prologue, no metadata)."""
    buf = io.StringIO()
    with matplotlib.rc_context({**_RC, "svg.hashsalt": f"rdi-{name}"}):
        fig.savefig(buf, format="svg", metadata={"Date": None}, bbox_inches="tight", pad_inches=0.04)
    text = buf.getvalue()
    text = text[text.index("<svg"):]
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.DOTALL)
    head_end = text.index(">")
    head = re.sub(r'\s(width|height)="[^"]*"', "", text[:head_end])
    head += f' class="chart chart-{name}" role="img" aria-label="{label}"'
    return head + text[head_end:]


def _figure(width: float, height: float) -> Figure:
    with matplotlib.rc_context(_RC):
        return Figure(figsize=(width, height))


def trend_chart(actor: str, rows: Sequence[dict[str, Any]], months: Sequence[str],
                events: Sequence[dict[str, Any]], event_codes: dict[str, int], month: str,
                *, legend: bool = True) -> str:
    """The actor's RDI over the window with its 90 % band, events, revisions and alerts."""
    with matplotlib.rc_context(_RC):
        fig = _figure(7.4, 2.05)
        ax = fig.subplots()
        pos = {m: i for i, m in enumerate(months)}
        pts = [r for r in rows if r["month"] in pos and r["rdi"] is not None]
        xs = [pos[r["month"]] for r in pts]
        def clip(value: float | None, default: float = 100.0) -> float:
            return min(max(default if value is None else value, RDI_FLOOR), RDI_CEIL)

        ax.axhline(100, color=MUTED, lw=0.7, ls=(0, (4, 3)), zorder=1)
        if pts:
            ax.fill_between(xs, [clip(r["rdi_lo90"], r["rdi"]) for r in pts],
                            [clip(r["rdi_hi90"], r["rdi"]) for r in pts],
                            color=BAND, alpha=0.55, lw=0, zorder=2)
            ax.plot(xs, [clip(r["rdi"]) for r in pts], color=LINE, lw=1.6, zorder=4)
            ax.scatter(xs, [clip(r["rdi"]) for r in pts], s=7, color=LINE, zorder=5)
        for r in pts:
            x, y = pos[r["month"]], clip(r["rdi"])
            if r["revised_in_vintage"] or r["revised_by_vintage"]:
                ax.scatter([x], [y], s=46, facecolor="white", edgecolor=REVISED, lw=1.4, zorder=6)
            if r["alert"]:
                ax.scatter([x], [y], s=34, color=ALERT, zorder=7, marker="D")
        cur = next((r for r in pts if r["month"] == month), None)
        if cur is not None:
            x, y = pos[month], clip(cur["rdi"])
            ax.scatter([x], [y], s=60, facecolor=LINE, edgecolor="white", lw=1.2, zorder=8)
            ax.annotate(f"{cur['rdi']:.0f}", (x, y), xytext=(6, 6), textcoords="offset points",
                        fontsize=9, fontweight="bold", color=LINE, zorder=9)
        marks: dict[str, list[int]] = {}
        for ev in events:
            key = f"{ev['day']:%Y-%m}"
            if ev["actor"] in (actor, "ALL") and key in pos:
                codes = marks.setdefault(key, [])
                if event_codes[ev["kind"]] not in codes:
                    codes.append(event_codes[ev["kind"]])
        for key, codes in marks.items():
            ax.axvline(pos[key], color=EVENT, lw=0.6, alpha=0.5, ls=":", zorder=1)
            ax.text(pos[key], RDI_CEIL * 1.08, "\n".join(str(c) for c in sorted(codes)), fontsize=6,
                    color=EVENT, ha="center", va="bottom", linespacing=0.95, zorder=3)
        first_indexed = next((pos[r["month"]] for r in pts), len(months))
        if first_indexed > 0:
            ax.axvspan(-0.6, first_indexed - 0.5, color="#f1f3f5", lw=0, zorder=0)
            ax.text((first_indexed - 1.1) / 2, RDI_FLOOR * 1.25, "not indexed", ha="center",
                    va="bottom", fontsize=7, color=MUTED, zorder=1)
        ax.set_yscale("log")
        ax.set_ylim(RDI_FLOOR, RDI_CEIL)
        ticks = [10, 25, 50, 100, 200, 400, 1000]
        ax.set_yticks(ticks, [str(t) for t in ticks])
        ax.minorticks_off()
        ax.set_xlim(-0.6, len(months) - 0.4)
        tick_idx = [i for i, m in enumerate(months) if m.endswith(("-01", "-04", "-07", "-10"))]
        ax.set_xticks(tick_idx, [_month_label(months[i]) for i in tick_idx])
        ax.tick_params(length=2.5, width=0.5, labelsize=7.5)
        ax.grid(axis="y", color=GRID, lw=0.6, zorder=0)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.set_ylabel("RDI (log scale)", fontsize=7.5, color=MUTED)
        ax.set_title(f"{COUNTRY_NAMES[actor]} ({actor}) toward all partners", loc="left",
                     fontsize=9.5, fontweight="bold", pad=24)
        handles = [
            Line2D([], [], color=LINE, lw=1.6, label="RDI"),
            Patch(color=BAND, alpha=0.55, label="90 % interval"),
            Line2D([], [], color=MUTED, lw=0.7, ls=(0, (4, 3)), label="base = 100"),
            Line2D([], [], ls="", marker="o", mfc="white", mec=REVISED, mew=1.4, ms=6, label="revised"),
            Line2D([], [], ls="", marker="D", color=ALERT, ms=5, label="alert"),
            Line2D([], [], color=EVENT, lw=0.8, ls=":", label="calendar event"),
        ]
        if legend:
            ax.legend(handles=handles, loc="lower left", ncol=6, fontsize=6.8, frameon=False,
                      bbox_to_anchor=(0, -0.34), handlelength=1.6, columnspacing=1.2)
        return _svg(fig, f"trend-{actor}", f"RDI of {COUNTRY_NAMES[actor]}, last {len(months)} months")


def _month_label(month: str) -> str:
    year, mm = month.split("-")
    return f"{['Jan', 'Apr', 'Jul', 'Oct'][(int(mm) - 1) // 3]} {year[2:]}" if mm != "01" else year


def heatmap(rows: Sequence[dict[str, Any]], actors: Sequence[str], targets: Sequence[str]) -> str:
    """Actor x target RDI of the month, coloured on a log scale (red: more hostile than usual)."""
    import numpy as np

    cells = {(r["actor"], r["target"]): r for r in rows}
    values = np.full((len(actors), len(targets)), np.nan)
    for i, a in enumerate(actors):
        for j, t in enumerate(targets):
            r = cells.get((a, t))
            if r is not None and r["rdi"] is not None and a != t and r["n_units_target"]:
                values[i, j] = math.log2(min(max(r["rdi"], RDI_FLOOR), RDI_CEIL) / 100)
    with matplotlib.rc_context(_RC):
        fig = _figure(3.7, 1.9)
        ax = fig.subplots()
        levels = np.linspace(-2, 2, 9)  # log2(RDI / 100): 25 ... 400, eight vector bins
        cmap = matplotlib.colormaps["RdBu"].resampled(len(levels) - 1)
        norm = matplotlib.colors.BoundaryNorm(levels, cmap.N, clip=True)
        for i in range(len(actors)):
            for j in range(len(targets)):
                v = values[i, j]
                face = "#f1f3f5" if np.isnan(v) else cmap(norm(v))
                ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=face, edgecolor="white", lw=1.5))
        ax.set_xlim(-0.5, len(targets) - 0.5)
        ax.set_ylim(len(actors) - 0.5, -0.5)
        im = matplotlib.cm.ScalarMappable(norm=norm, cmap=cmap)
        for i, a in enumerate(actors):
            for j, t in enumerate(targets):
                r = cells.get((a, t))
                if a == t or r is None or r["rdi"] is None:
                    ax.text(j, i, "–", ha="center", va="center", color=MUTED, fontsize=9)
                    continue
                dark = not math.isnan(values[i, j]) and abs(values[i, j]) > 1.2
                colour = "white" if dark else (INK if r["n_units_target"] else MUTED)
                capped = r["rdi"] >= RDI_CEIL
                ax.text(j, i - 0.13, f"{'≥' if capped else ''}{r['rdi']:.0f}", ha="center", va="center",
                        fontsize=9, fontweight="bold", color=colour)
                ax.text(j, i + 0.25, f"{r['n_flagged']} flagged / {r['n_units_target']}",
                        ha="center", va="center", fontsize=6, color=colour)
        ax.set_xticks(range(len(targets)), [f"→ {t}" for t in targets])
        ax.set_yticks(range(len(actors)), list(actors))
        ax.tick_params(length=0, labelsize=8)
        ax.xaxis.tick_top()
        for s in ax.spines.values():
            s.set_visible(False)
        bar = fig.colorbar(im, ax=ax, fraction=0.05, pad=0.03)
        bar.set_ticks([-2, -1, 0, 1, 2], labels=["25", "50", "100", "200", "400"])
        bar.ax.tick_params(labelsize=6.5, length=2)
        bar.outline.set_visible(False)
        bar.set_label("RDI (lower = more hostile)", fontsize=6.5, color=MUTED)
        return _svg(fig, "heatmap", "RDI by actor and target for the month")


def channel_chart(rows: Sequence[dict[str, Any]]) -> str:
    """Corrected share of hostile units per channel (target ALL) with 90 % intervals."""
    with matplotlib.rc_context(_RC):
        rows = list(rows)
        fig = _figure(3.6, 0.5 + 0.27 * max(len(rows), 1))
        ax = fig.subplots()
        ys = list(range(len(rows)))[::-1]
        for y, r in zip(ys, rows, strict=True):
            p = 100 * (r["p_hat"] or 0)
            lo, hi = 100 * (r["p_lo90"] or 0), 100 * (r["p_hi90"] or 0)
            colour = TIER_COLOURS.get(r["tier"] or "", MUTED)
            ax.barh(y, p, color=colour, height=0.55, zorder=2)
            ax.errorbar(p, y, xerr=[[p - lo], [hi - p]], fmt="none", ecolor=INK, elinewidth=0.8,
                        capsize=2, zorder=3)
            ax.text(hi + 0.6, y, f"{p:.1f} %  ({r['n_flagged']}/{r['n_units']})", va="center",
                    fontsize=6.8, color=INK)
        ax.set_yticks(ys, [f"{r['actor']} · {r['channel']}" for r in rows])
        top = max([100 * (r["p_hi90"] or 0) for r in rows] + [5])
        ax.set_xlim(0, top * 1.35 + 2)
        ax.set_xlabel("corrected share of units hostile toward a partner, % (90 % interval)",
                      fontsize=6.8, color=MUTED)
        ax.tick_params(length=2, labelsize=7)
        ax.grid(axis="x", color=GRID, lw=0.6, zorder=0)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        handles = [Patch(color=c, label=t) for t, c in TIER_COLOURS.items()]
        ax.legend(handles=handles, fontsize=6.8, frameon=False, loc="lower right")
        return _svg(fig, "channels", "Hostile share per channel for the month")
