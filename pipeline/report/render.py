"""Turn the gathered data and charts into one self-contained HTML page (Jinja2).

The template and its stylesheet are package data (``pipeline/report/templates/``); the
CSS is inlined and the charts are inline SVG, so the page loads nothing when opened.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import UTC, datetime
from typing import Any

import jinja2
from markupsafe import Markup, escape

from pipeline.report import charts
from pipeline.report.data import ACTORS, COUNTRY_NAMES, ReportData
from warehouse.runs import software_version

TARGETS = ("JP", "KR", "US", "KP", "CN")
LABELS = ("history", "territory", "nationalist", "conciliatory")
LANG_NAMES = {"ja": "Japanese", "ko": "Korean", "en": "English"}
METHODOLOGY_URL = "METHODOLOGY.md"
BELOW_USUAL = 0.5  # a source under half its usual monthly count is flagged
MAX_UNITS_PER_GROUP = 25  # evidence units shown per actor x target; the rest are in the export

_env = jinja2.Environment(
    loader=jinja2.PackageLoader("pipeline.report", "templates"),
    autoescape=jinja2.select_autoescape(["html", "j2"]),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


# Why a month has no RDI: the index scales by the base-period mean of the corrected share of hostile
# units (warehouse/rdi.py ``base_mean``), and that mean is zero when nothing rose above the error floor.
UNDEFINED_RDI = "no hostile rhetoric above the tagger's error floor in the base period, nothing to scale by"


def fmt_num(value: float | None, digits: int = 0) -> str:
    """A number for people: ``–`` for missing, thin formatting otherwise."""
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def fmt_change(value: float | None) -> str:
    """A signed change (``+12``, ``−3``, ``0``), or ``–`` when not computable."""
    if value is None:
        return "–"
    rounded = round(value)
    if rounded == 0:
        return "±0"
    return f"+{rounded:,}" if rounded > 0 else f"−{abs(rounded):,}"


def month_name(month: str) -> str:
    """``2026-10`` -> ``October 2026``."""
    return datetime.strptime(month, "%Y-%m").strftime("%B %Y")


def highlight(sentence: str, cues: str | None) -> Markup:
    """Escape ``sentence`` and wrap every occurrence of its cue words in <mark>."""
    words = sorted({c.strip() for c in (cues or "").split(";") if c.strip()}, key=len, reverse=True)
    spans: list[tuple[int, int]] = []
    lowered = sentence.casefold()
    for word in words:
        needle = word.casefold()
        start = lowered.find(needle)
        while start >= 0:
            spans.append((start, start + len(needle)))
            start = lowered.find(needle, start + 1)
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out, pos = [], 0
    for s, e in merged:
        out.append(str(escape(sentence[pos:s])))
        out.append(f"<mark>{escape(sentence[s:e])}</mark>")
        pos = e
    out.append(str(escape(sentence[pos:])))
    return Markup("".join(out))


def _event_codes(events: list[dict[str, Any]]) -> OrderedDict[str, dict[str, Any]]:
    """Number the event kinds in order of first occurrence in the window."""
    codes: OrderedDict[str, dict[str, Any]] = OrderedDict()
    for ev in events:
        entry = codes.setdefault(ev["kind"], {"code": len(codes) + 1, "label": ev["label"], "days": []})
        entry["days"].append(ev["day"])
    return codes


def _evidence_groups(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Group evidence rows: actor -> target -> unit -> sentences; units by their strongest
    sentence, at most ``MAX_UNITS_PER_GROUP`` per group (the export has them all)."""
    groups: OrderedDict[tuple[str, str], OrderedDict[str, dict[str, Any]]] = OrderedDict()
    for r in rows:
        units = groups.setdefault((r["actor"], r["target"]), OrderedDict())
        unit = units.setdefault(r["unit_id"], {
            **{k: r[k] for k in ("unit_id", "date", "channel", "source", "tier", "speaker", "lang",
                                 "title", "url", "question")},
            "sentences": [],
        })
        labels = set((r["labels"] or "").split(";"))
        unit["sentences"].append({
            "html": highlight(r["sentence"].strip(), r["cues"]),
            "cues": [c for c in (r["cues"] or "").split(";") if c],
            "severity": r["severity"],
            "score": r["score"],
            "probs": [(lab, r[f"p_{lab}"], lab in labels) for lab in LABELS],
        })
    out = []
    for (a, t), units in groups.items():
        # strongest sentence first; ties broken by unit id so the page is reproducible
        ranked = sorted(units.values(),
                        key=lambda u: (-max(s["score"] or 0 for s in u["sentences"]), u["unit_id"]))
        shown = ranked[:MAX_UNITS_PER_GROUP]
        out.append({"actor": a, "target": t, "actor_name": COUNTRY_NAMES.get(a, a),
                    "target_name": COUNTRY_NAMES.get(t, t), "units": shown,
                    "n_units": len(ranked), "more": len(ranked) - len(shown),
                    "n_sentences": sum(len(u["sentences"]) for u in ranked)})
    return out


def _coverage_rows(data: ReportData) -> list[dict[str, Any]]:
    """Coverage per source with a verdict and what it means for the month's numbers."""
    missing = {h["actor"]: (h["channels_missing"] or "") for h in data.headline}
    out = []
    for r in data.coverage:
        usual, n = r["usual"], r["statements"]
        if n == 0 and (usual or 0) > 0:
            verdict = "gap"
            chan_missing = r["channel"] in missing.get(r["country"], "").split(",")
            meaning = (f"No statements this month (usually {usual:g}). "
                       + (f"Channel {r['channel']} is missing from the {r['country']} index, which "
                          "averages the remaining channels." if chan_missing else
                          f"Channel {r['channel']} is still covered by its other sources."))
        elif usual and n < BELOW_USUAL * usual:
            verdict = "low"
            meaning = (f"Below half the usual volume ({n} vs {usual:g}): fewer units behind "
                       f"{r['channel']}, so its share is shrunk harder toward its prior and the "
                       "interval is wider.")
        elif r["units"] == 0 and r["units_excluded"] > 0:
            verdict = "ok"
            meaning = (f"Statements present but not scored ({r['excluded_reason'] or 'excluded'}): "
                       "they do not count in the index.")
        elif r["months_seen"] < 12:
            verdict = "new"
            meaning = f"Only {r['months_seen']} earlier months on record: the usual volume is provisional."
        else:
            verdict = "ok"
            meaning = "Normal volume."
        if r["empty_months"] and verdict != "gap":
            meaning += f" Empty months in the past year: {', '.join(r['empty_list'])}."
            if verdict == "ok":
                verdict = "gaps"
        out.append({**r, "verdict": verdict, "meaning": meaning})
    return out


def _key_points(data: ReportData, cards: list[dict[str, Any]], evidence: list[dict[str, Any]],
                coverage: list[dict[str, Any]]) -> list[Markup]:
    """A few plain sentences an analyst can paste into a note."""
    points = []
    for c in cards:
        move = []
        if c["change_month"] is not None:
            move.append(f"{fmt_change(c['change_month'])} vs {month_name(data.prev_month)}")
        if c["change_year"] is not None:
            move.append(f"{fmt_change(c['change_year'])} vs {month_name(data.year_ago)}")
        alert = " <strong class=\"alert-text\">Alert</strong>." if c["alert"] else " No alert."
        value = (f"RDI {fmt_num(c['rdi'])} (90 % interval {fmt_num(c['rdi_lo90'])}–{fmt_num(c['rdi_hi90'])})"
                 if c["rdi"] is not None else f"RDI not defined ({UNDEFINED_RDI})")
        points.append(Markup(
            f"<strong>{escape(c['name'])}</strong>: {value}"
            + (f", {escape(', '.join(move))}" if move else "") + "." + alert
            + f" {c['n_flagged']} of {c['n_units']} official units flagged hostile toward a partner."))
    n_units = sum(g["n_units"] for g in evidence)
    n_sent = sum(g["n_sentences"] for g in evidence)
    points.append(Markup(
        f"{n_sent} hostile sentence{'s' if n_sent != 1 else ''} in {n_units} official "
        f"statement{'s' if n_units != 1 else ''} drove the month (section 4)."
        if n_units else "No official statement was flagged hostile this month."))
    low = [c["actor"] for c in cards if c["low_n"]]
    if low:
        points.append(Markup(
            f"Few units mention a partner for {escape(', '.join(low))} (fewer than 30): "
            "read the intervals rather than the point values."))
    issues = [r for r in coverage if r["verdict"] in ("gap", "low")]
    if issues:
        points.append(Markup(
            "Coverage: " + escape(", ".join(f"{r['source']} ({r['verdict']})" for r in issues))
            + " — see section 5."))
    return points


def _cards(data: ReportData) -> list[dict[str, Any]]:
    by_actor = {h["actor"]: h for h in data.headline}
    cards = []
    for actor in ACTORS:
        h = by_actor.get(actor)
        if h is None:
            continue
        cards.append({**h, "name": COUNTRY_NAMES[actor]})
    return cards


def _error_rates(release: Any) -> list[dict[str, Any]]:
    rows = []
    for lang, er in sorted(release.error_rates.items()):
        rows.append({"lang": lang, "lang_name": LANG_NAMES.get(lang, lang),
                     "source": er.get("source", "?"), "se": er.get("se_mean"), "sp": er.get("sp_mean"),
                     "tp": er.get("tp"), "fp": er.get("fp"), "fn": er.get("fn"), "tn": er.get("tn")})
    return rows


def render_html(data: ReportData, *, methodology_url: str = METHODOLOGY_URL) -> str:
    """Render the whole report for ``data`` as one HTML document."""
    codes = _event_codes(data.events)
    code_of = {k: v["code"] for k, v in codes.items()}
    trends = {a: Markup(charts.trend_chart(a, data.series.get(a, []), data.months_in_window,
                                           data.events, code_of, data.month,
                                           legend=a == ACTORS[0]))
              for a in ACTORS}
    cards = _cards(data)
    evidence = _evidence_groups(data.evidence)
    coverage = _coverage_rows(data)
    template = _env.get_template("report.html.j2")
    css = _env.loader.get_source(_env, "report.css")[0]  # type: ignore[union-attr]
    return template.render(
        data=data,
        month_title=month_name(data.month),
        css=Markup(css),
        cards=cards,
        key_points=_key_points(data, cards, evidence, coverage),
        trends=trends,
        event_legend=list(codes.values()),
        heatmap=Markup(charts.heatmap(data.matrix, ACTORS, TARGETS)),
        channel_chart=Markup(charts.channel_chart(data.channels)) if data.channels else None,
        channels=data.channels,
        evidence=evidence,
        coverage=coverage,
        error_rates=_error_rates(data.release),
        audit=data.audit,
        methodology_url=methodology_url,
        names=COUNTRY_NAMES,
        generated_at=datetime.now(UTC),
        software=software_version(),
        fmt_num=fmt_num,
        fmt_change=fmt_change,
        month_name=month_name,
        undefined_rdi=UNDEFINED_RDI,
    )
