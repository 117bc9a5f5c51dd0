"""``rdi report`` on the demo warehouse: every headline number against the snapshot, the
evidence, coverage and method sections, the audit line, the PDF, and bad input."""

from __future__ import annotations

import html as htmllib
import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipeline.config import load_project
from pipeline.report import build_report
from pipeline.report.render import UNDEFINED_RDI, highlight


class Cards(HTMLParser):
    """Collect the text of every ``data-field`` element inside each headline card."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: dict[str, dict[str, str]] = {}
        self._actor: str | None = None
        self._field: str | None = None
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if "data-actor" in a:
            self._actor = a["data-actor"]
            self.cards[self._actor or ""] = {}
        if self._actor and "data-field" in a:
            self._field = a["data-field"]
            self.cards[self._actor][self._field or ""] = ""

    def handle_endtag(self, tag: str) -> None:
        self._field = None

    def handle_data(self, data: str) -> None:
        if self._actor and self._field:
            self.cards[self._actor][self._field] += data


NAMES = {"KR": "South Korea", "JP": "Japan", "US": "United States"}


def number(text: str) -> float | None:
    """Read a displayed number back: '1,000' -> 1000, '−13' -> -13, '±0' -> 0, '–' -> None."""
    text = text.strip()
    if text == "–":
        return None
    return float(text.replace(",", "").replace("−", "-").replace("±", "").replace("+", ""))


def snapshot_rows(snapshot: Path, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(snapshot), read_only=True)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def demo_home_copy(demo: Any, tmp_path: Path) -> Path:
    """A home holding a copy of the demo warehouse, for tests that change it."""
    home = tmp_path / "home"
    home.mkdir()
    shutil.copyfile(demo.home / "snapshot.duckdb", home / "snapshot.duckdb")
    return home


def month_before(month: str, n: int) -> str:
    y, m = map(int, month.split("-"))
    i = y * 12 + m - 1 - n
    return f"{i // 12}-{i % 12 + 1:02d}"


def check_headline(page: str, snapshot: Path, month: str) -> dict[str, dict[str, str]]:
    """Every number of every headline card equals the warehouse's value (to display precision)."""
    parser = Cards()
    parser.feed(page)
    rows = snapshot_rows(snapshot, """
        select actor, rdi, rdi_lo90, rdi_hi90, alert, n_units, n_flagged from index_monthly
        where month = ? and target = 'ALL'""", [month])
    assert sorted(parser.cards) == sorted(r[0] for r in rows) == ["JP", "KR", "US"]
    previous = dict(snapshot_rows(snapshot, "select actor, rdi from index_monthly where month = ? "
                                  "and target = 'ALL'", [month_before(month, 1)]))
    year_ago = dict(snapshot_rows(snapshot, "select actor, rdi from index_monthly where month = ? "
                                  "and target = 'ALL'", [month_before(month, 12)]))
    for actor, rdi_, lo, hi, alert, n_units, n_flagged in rows:
        card = parser.cards[actor]
        for field, value in (("rdi", rdi_), ("rdi_lo90", lo), ("rdi_hi90", hi)):
            assert number(card[field]) == pytest.approx(value, abs=0.5), (actor, field)
        for field, base in (("change_month", previous.get(actor)), ("change_year", year_ago.get(actor))):
            if base is None:
                assert number(card[field]) is None, (actor, field)
            else:
                assert number(card[field]) == pytest.approx(rdi_ - base, abs=0.5), (actor, field)
        assert int(card["n_units"]) == n_units and int(card["n_flagged"]) == n_flagged
        assert card["alert"].strip().startswith("alert") is bool(alert), actor
        # the key point repeats the card's numbers in a sentence; an RDI the warehouse leaves NULL
        # (zero base-period mean) is said to be not defined, with the reason
        value = (r"RDI ([\d,]+) \(90 % interval ([\d,]+)–([\d,]+)\)" if rdi_ is not None
                 else rf"RDI not defined \({re.escape(UNDEFINED_RDI)}\)()()()")
        point = re.search(
            rf"<strong>{NAMES[actor]}</strong>: {value}"
            r"(?:, ([−+±][\d,]+) vs \w+ \d{4})?(?:, ([−+±][\d,]+) vs \w+ \d{4})?\."
            r" (?:<strong[^>]*>Alert</strong>|No alert)\. (\d+) of (\d+) official units", page)
        assert point, actor
        shown = [number(g) if g else None for g in point.groups()]
        assert shown[:3] == [number(card["rdi"]), number(card["rdi_lo90"]), number(card["rdi_hi90"])]
        if rdi_ is None:
            assert card["rdi_note"] == f"not defined: {UNDEFINED_RDI}", actor
        changes = [c for c in (previous.get(actor), year_ago.get(actor))]
        expected = [number(card["change_month"]) if changes[0] is not None else None,
                    number(card["change_year"]) if changes[1] is not None else None]
        assert [x for x in shown[3:5] if x is not None] == [x for x in expected if x is not None]
        assert shown[5:] == [n_flagged, n_units]
        assert ("Alert</strong>" in point.group(0)) is bool(alert)
    return parser.cards


@pytest.fixture(scope="module")
def demo(demo_summary: Any) -> Any:
    return demo_summary


@pytest.fixture(scope="module")
def demo_page(demo: Any) -> str:
    path = demo.home / f"rdi-report-{demo.latest_month}.html"
    assert path in demo.files
    return path.read_text("utf-8")


def test_headline_matches_warehouse(demo: Any, demo_page: str) -> None:
    check_headline(demo_page, demo.home / "snapshot.duckdb", demo.latest_month)


def run_cli(args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
            env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run ``rdi ARGS`` in this process through the console entry point (its error boundary)."""
    from pipeline.cli import main

    for key, value in (env or {}).items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(sys, "argv", ["rdi", *args])
    with pytest.raises(SystemExit) as stop:
        main()
    out = capsys.readouterr()
    return int(stop.value.code or 0), out.out, out.err


def test_alert_month_without_chromium(demo: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    """A month with an alert (and no year-ago value); no Chromium: the HTML is still written.

    Whether the demo raises an alert depends on the shipped model's flags and error rates, so the
    alert is set on a copy of the demo warehouse when the demo has none: the first month of the
    first actor with an RDI (no year-ago value), as the calendar bound would set it."""
    home = demo_home_copy(demo, tmp_path)
    snapshot = home / "snapshot.duckdb"
    first_alert = "select month, actor from alerts where target = 'ALL' order by month limit 1"
    alerts = snapshot_rows(snapshot, first_alert, [])
    if not alerts:
        con = duckdb.connect(str(snapshot))
        try:
            month, actor = con.execute("select month, actor from index_monthly where target = 'ALL' "
                                       "and rdi is not null order by month, actor limit 1").fetchone()
            con.execute("update index_values set alert = true, alert_reason = 'bound' "
                        "where strftime(month, '%Y-%m') = ? and actor = ? and target = 'ALL'", [month, actor])
        finally:
            con.close()
        alerts = snapshot_rows(snapshot, first_alert, [])
        assert alerts == [(month, actor)], "the alerts view lists the month set above"
    month, actor = alerts[0]
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    stale = out_dir / f"rdi-report-{month}.pdf"
    stale.write_bytes(b"%PDF-1.4 an older print")
    code, out, err = run_cli(["report", "--month", month, "--home", str(home), "--out", str(out_dir)],
                             monkeypatch, capsys, env={"RDI_CHROMIUM": str(tmp_path / "no-such-chromium")})
    assert code == 0, err
    assert "PDF skipped" in out and "not found" in out and f"removed the older {stale.name}" in out
    assert not list(out_dir.glob("*.pdf"))
    page = (out_dir / f"rdi-report-{month}.html").read_text("utf-8")
    cards = check_headline(page, snapshot, month)
    assert cards[actor]["alert"].startswith("alert")


def test_evidence_and_sections(demo: Any, demo_page: str) -> None:
    snapshot = demo.home / "snapshot.duckdb"
    sentences = snapshot_rows(snapshot, "select sentence, url, cues from evidence where month = ?",
                              [demo.latest_month])
    assert sentences, "the demo's latest month has flagged evidence"
    for sentence, url, cues in sentences:
        assert str(highlight(sentence.strip(), cues)) in demo_page
        assert f'href="{htmllib.escape(url)}"' in demo_page
    assert demo_page.count("<mark>") >= len(sentences)
    for source, in snapshot_rows(snapshot, "select source from sources", []):
        assert f'data-source="{source}"' in demo_page
    vintage, = snapshot_rows(snapshot, "select vintage from index_releases order by release_id desc limit 1", [])[0]
    assert vintage in demo_page and "METHODOLOGY.md" in demo_page
    assert 'id="audit-correlation"' not in demo_page or _has_audit_view(snapshot)
    # self-contained: nothing that would load from elsewhere
    assert not re.search(r"<(script|link|img|image|iframe|object|embed)\b", demo_page)  # vector only
    assert "@import" not in demo_page and not re.search(r"url\((?!#)", demo_page)


def _has_audit_view(snapshot: Path) -> bool:
    return bool(snapshot_rows(snapshot, "select count(*) from duckdb_views() where view_name = "
                              "'audit_quarterly'", [])[0][0])


def test_audit_line_follows_the_view(demo: Any, tmp_path: Path) -> None:
    """With an audit_quarterly view the method box shows the correlation; without, nothing."""
    import numpy as np

    home = demo_home_copy(demo, tmp_path)
    human, machine = [0.10, 0.14, 0.09, 0.20], [0.11, 0.12, 0.10, 0.23]
    con = duckdb.connect(str(home / "snapshot.duckdb"))
    con.execute("drop view if exists audit_quarterly")
    con.close()
    page = build_report(load_project(home), demo.latest_month, pdf=False).html.read_text("utf-8")
    assert 'id="audit-correlation"' not in page and "Human vs machine" not in page
    con = duckdb.connect(str(home / "snapshot.duckdb"))
    values = ", ".join(f"('KR', '2025Q{i + 1}', {h}, {m})" for i, (h, m) in enumerate(zip(human, machine)))
    con.execute(f'create view audit_quarterly as select * from (values {values}) '
                f't(actor, "quarter", human_share, machine_share)')
    con.close()
    page = build_report(load_project(home), demo.latest_month, pdf=False).html.read_text("utf-8")
    r = float(np.corrcoef(human, machine)[0, 1])
    assert f"KR: r = {r:.2f} over 4 quarters (2025Q1–2025Q4)" in page


def test_highlight_escapes_and_merges() -> None:
    out = str(highlight("Takeshima <b> is 竹島; takeshima!", "Takeshima;竹島;島"))
    assert out == "<mark>Takeshima</mark> &lt;b&gt; is <mark>竹島</mark>; <mark>takeshima</mark>!"


def test_demo_pdf(demo: Any) -> None:
    if shutil.which("chromium") is None:
        pytest.skip("Debian's chromium is not installed here (.ci/run installs it); the demo skips the PDF")
    from pypdf import PdfReader

    pdf = demo.home / f"rdi-report-{demo.latest_month}.pdf"
    assert pdf in demo.files
    reader = PdfReader(pdf)
    assert len(reader.pages) >= 3
    text = "".join(p.extract_text() or "" for p in reader.pages)
    assert "Headline: discipline toward all partners" in text and "Coverage and health" in text
    evidence = snapshot_rows(demo.home / "snapshot.duckdb",
                             "select lang, sentence from evidence where month = ? and lang = 'ko' limit 1",
                             [demo.latest_month])
    if evidence:  # Korean text is embedded as text in a CJK font, not as boxes
        assert re.sub(r"\s", "", evidence[0][1])[:8] in re.sub(r"\s", "", text)


@pytest.mark.parametrize(("args", "expected"), [
    (["--month", "2026-13"], "bad month '2026-13'"),
    (["--month", "June 2026"], "bad month 'June 2026'"),
    (["--month", "2099-01"], "is after the latest indexed month"),
    (["--month", "1999-01"], "is before the first indexed month"),
])
def test_report_bad_month(demo: Any, args: list[str], expected: str, monkeypatch: pytest.MonkeyPatch,
                          capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run_cli(["report", *args, "--home", str(demo.home), "--out", str(tmp_path)],
                             monkeypatch, capsys)
    assert code == 1 and "Traceback" not in err
    assert err.strip().splitlines() == [f"error: {err.strip()[7:]}"] and expected in err
    assert not list(tmp_path.iterdir())


def test_report_no_warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["report", "--home", str(tmp_path / "empty")], monkeypatch, capsys)
    assert code == 1 and err.startswith("error: no warehouse at")


def test_revised_months_are_marked(demo: Any, tmp_path: Path) -> None:
    """A later release of the same vintage that changes a recent month marks it 'revised';
    a new vintage that changes a month marks it too; unchanged months stay unmarked."""
    from pipeline.report import charts
    from pipeline.report.data import gather

    snapshot = tmp_path / "snapshot.duckdb"
    shutil.copyfile(demo.home / "snapshot.duckdb", snapshot)
    month = demo.latest_month
    changed_in_vintage, changed_by_vintage = month_before(month, 1), month_before(month, 6)
    con = duckdb.connect(str(snapshot))
    try:
        def new_release(vintage_sql: str, changed: str) -> None:
            rid = con.execute("select max(release_id) + 1 from index_releases").fetchone()[0]
            con.execute(f"""insert into index_releases select * replace (? as release_id, {vintage_sql} as vintage)
                from index_releases where release_id = ? - 1""", [rid, rid])
            con.execute("""insert into index_values by name select * replace (? as release_id,
                case when strftime(month, '%Y-%m') = ? and actor = 'KR' then rdi * 1.5 else rdi end as rdi)
                from index_values where release_id = ? - 1""", [rid, changed, rid])

        new_release("vintage", changed_in_vintage)
        data = gather(con, month)
        kr = {r["month"]: r for r in data.series["KR"]}
        assert kr[changed_in_vintage]["revised_in_vintage"] and kr[changed_in_vintage]["status"] == "revised"
        assert not any(r["revised_in_vintage"] or r["revised_by_vintage"]
                       for m, r in kr.items() if m != changed_in_vintage)
        assert not any(r["revised_in_vintage"] for r in data.series["JP"])
        plain = charts.trend_chart("JP", data.series["JP"], data.months_in_window, [], {}, month, legend=False)
        marked = charts.trend_chart("KR", data.series["KR"], data.months_in_window, [], {}, month, legend=False)
        assert charts.REVISED not in plain and f"stroke: {charts.REVISED}" in marked

        con.execute("insert into vintages select * replace ('v-next' as vintage) from vintages limit 1")
        new_release("'v-next'", changed_by_vintage)
        kr = {r["month"]: r for r in gather(con, month).series["KR"]}
        assert kr[changed_by_vintage]["revised_by_vintage"]
        assert [m for m, r in kr.items() if r["revised_by_vintage"]] == [changed_by_vintage]
    finally:
        con.close()


def test_evidence_groups_rank_and_cap(demo: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Units are shown strongest first; past the cap the group says how many more there are."""
    from pipeline.report import render
    from pipeline.report.data import gather

    snapshot = demo.home / "snapshot.duckdb"
    month, actor, target, n_units = snapshot_rows(snapshot, """
        select month, actor, target, count(distinct unit_id) as n from evidence
        group by all order by n desc, month limit 1""", [])[0]
    assert n_units >= 2
    strongest, = snapshot_rows(snapshot, """
        select unit_id from evidence where month = ? and actor = ? and target = ?
        group by unit_id order by max(score) desc, unit_id limit 1""", [month, actor, target])[0]
    con = duckdb.connect(str(snapshot), read_only=True)
    try:
        data = gather(con, month)
    finally:
        con.close()
    monkeypatch.setattr(render, "MAX_UNITS_PER_GROUP", 1)
    group = next(g for g in render._evidence_groups(data.evidence) if (g["actor"], g["target"]) == (actor, target))
    assert [u["unit_id"] for u in group["units"]] == [strongest]
    assert group["n_units"] == n_units and group["more"] == n_units - 1


def _fake_chromium(tmp_path: Path) -> Path:
    """A stand-in for Chromium: writes a small PDF wherever --print-to-pdf= says."""
    script = tmp_path / "fake-chromium"
    script.write_text("#!/bin/sh\nfor a in \"$@\"; do case \"$a\" in --print-to-pdf=*) "
                      "printf '%%PDF-1.4 fake' > \"${a#--print-to-pdf=}\";; esac; done\n")
    script.chmod(0o755)
    return script


def test_a_pdf_that_cannot_be_put_in_place_is_skipped_with_its_name(tmp_path: Path) -> None:
    """Chromium printed, but the PDF's name is taken by a folder: the PDF is reported skipped,
    naming it, and Chromium's temporary file is removed (the rename used to raise through
    rdi report and leave ``.<name>.<pid>.tmp`` beside the HTML)."""
    from pipeline.report.pdf import print_pdf

    html = tmp_path / "r.html"
    html.write_text("<p>x</p>", "utf-8")
    chromium = _fake_chromium(tmp_path)
    pdf = tmp_path / "r.pdf"
    assert print_pdf(html, pdf, chromium=str(chromium)).path == pdf
    assert pdf.read_bytes() == b"%PDF-1.4 fake"
    pdf.unlink()
    pdf.mkdir()
    (pdf / "x").write_text("x")
    outcome = print_pdf(html, pdf, chromium=str(chromium))
    assert outcome.path is None and outcome.skipped is not None
    assert f"cannot put {pdf} in place" in outcome.skipped
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fake-chromium", "r.html", "r.pdf"]
