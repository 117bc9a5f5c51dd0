"""Evaluation numbers against values computed by hand, and the `rdi evaluate` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nlp.corpus import CorpusError, read_jsonl
from nlp.evaluation import intervals, predict_rows, score

EVAL = Path(__file__).resolve().parents[1] / "files" / "nlp" / "eval_tiny.jsonl"


def pred(h: float, t: float, n: float, c: float, target: str | None, thr: float = 0.5) -> dict:
    probs = {"history": h, "territory": t, "nationalist": n, "conciliatory": c}
    return {f"p_{k}": v for k, v in probs.items()} | {k: v >= thr for k, v in probs.items()} | {
        "target": target, "severity": 2 if n >= thr else 0}


@pytest.fixture
def metrics() -> dict:
    rows = read_jsonl(EVAL)
    preds = [
        pred(0.9, 0.1, 0.8, 0.2, "JP"),
        pred(0.6, 0.3, 0.4, 0.1, "JP"),
        pred(0.2, 0.05, 0.7, 0.9, "JP"),
        pred(0.1, 0.1, 0.1, 0.1, None),
        pred(0.3, 0.1, 0.9, 0.1, "KR"),
    ]
    return score(rows, preds)


def test_history_en_by_hand(metrics: dict) -> None:
    # rows 1-4: tp (1,T), fp (0,T), fn (1,F), tn (0,F)
    assert metrics["labels"]["history"]["en"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2}
    assert metrics["confusion"]["history"]["en"] == {"tp": 1, "fp": 1, "fn": 1, "tn": 1}
    # Brier: (0.1² + 0.6² + 0.8² + 0.1²) / 4 = 1.02 / 4
    assert metrics["brier"]["history"]["en"] == pytest.approx(0.255)


def test_label_with_no_predictions_scores_zero(metrics: dict) -> None:
    assert metrics["labels"]["territory"]["en"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}


def test_a_cell_without_gold_or_predicted_positives_is_undefined_not_zero(metrics: dict, capsys) -> None:  # noqa: ANN001
    """ja has one row, neither gold nor predicted territory: precision, recall and F1 are 0 / 0,
    null in rdi evaluate --json, "n/a" in the table and the model card, never 0 (a tagger that
    missed every positive), and its F1 has no interval."""
    from nlp.evaluation import public_view
    from nlp.model_card import _table
    from pipeline.cli.nlp_cmds import _print_metrics

    assert metrics["confusion"]["territory"]["ja"] == {"tp": 0, "fp": 0, "fn": 0, "tn": 1}
    undefined = {"precision": None, "recall": None, "f1": None, "support": 0}
    assert metrics["labels"]["territory"]["ja"] == undefined
    assert metrics["labels"]["conciliatory"]["ja"] == undefined
    assert metrics["intervals"]["f1"]["territory"]["ja"] is None
    assert json.loads(json.dumps(public_view(metrics)))["labels"]["territory"]["ja"] == undefined
    _print_metrics(metrics, title="tiny")
    row = next(line for line in capsys.readouterr().out.splitlines() if "territory" in line and " ja " in line)
    assert [c.strip() for c in row.split("│")[3:7]] == ["n/a", "n/a", "n/a", "–"]
    card = next(line for line in _table(metrics, ["en", "ja"]).splitlines() if line.startswith("| territory"))
    assert card.endswith("| n/a / n/a / n/a (0) |")


def test_nationalist_and_conciliatory_by_hand(metrics: dict) -> None:
    assert metrics["labels"]["nationalist"]["en"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2}
    assert metrics["labels"]["conciliatory"]["en"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1}


def test_languages_are_scored_separately(metrics: dict) -> None:
    assert metrics["labels"]["history"]["ja"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    assert metrics["labels"]["nationalist"]["ja"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1}
    assert "ko" not in metrics["labels"]["history"]


def test_target_accuracy_counts_rows_with_a_gold_target(metrics: dict) -> None:
    assert metrics["target_accuracy"] == {"en": pytest.approx(0.6667), "ja": 1.0}


def test_unit_rates_use_statement_groups(metrics: dict) -> None:
    # d1 hostile both ways (tp); d2 and d3 not hostile (tn); the ja row is its own unit,
    # gold hostile (nationalist + history + target) but predicted without history (fn).
    assert metrics["unit_rates"] == {"en": {"tp": 1, "fp": 0, "fn": 0, "tn": 2}, "ja": {"tp": 0, "fp": 0, "fn": 1, "tn": 0}}


def test_bad_rows_are_one_line_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "lang": "en", "history": 2, "territory": 0, "nationalist": 0, "conciliatory": 0}\n')
    with pytest.raises(CorpusError, match=r"bad.jsonl:1: 'history' must be 0 or 1"):
        read_jsonl(bad)
    bad.write_text("{not json\n")
    with pytest.raises(CorpusError, match=r"bad.jsonl:1: invalid JSON"):
        read_jsonl(bad)
    bad.write_bytes('{"text": "日本政府に抗議する。"}\n'.encode("shift_jis"))
    with pytest.raises(CorpusError, match=r"bad.jsonl:1: not UTF-8 text"):
        read_jsonl(bad)


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    """Files saved by spreadsheet tools often start with a UTF-8 BOM."""
    row = {"text": "日本政府に強く抗議する。", "lang": "ja", "history": 0, "territory": 0, "nationalist": 1,
           "conciliatory": 0, "target": "JP"}
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8"))
    assert [r["text"] for r in read_jsonl(path)] == [row["text"]]


def test_rdi_evaluate_json_is_the_documented_object(tiny_model: Path, tiny_tagger) -> None:  # noqa: ANN001
    from pipeline.cli import app

    result = CliRunner().invoke(app, ["evaluate", "--data", str(EVAL), "--model", str(tiny_model), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert set(out) == {"labels", "target_accuracy"}
    assert set(out["labels"]) == {"history", "territory", "nationalist", "conciliatory"}
    assert set(out["labels"]["history"]["en"]) == {"precision", "recall", "f1", "support"}
    rows = read_jsonl(EVAL)
    expected = score(rows, predict_rows(tiny_tagger, rows))
    assert out["labels"] == expected["labels"]
    assert out["target_accuracy"] == expected["target_accuracy"]


def test_rdi_evaluate_table_shows_brier_and_confusion(tiny_model: Path) -> None:
    from pipeline.cli import app

    result = CliRunner().invoke(app, ["evaluate", "--data", str(EVAL), "--model", str(tiny_model)])
    assert result.exit_code == 0, result.output
    assert "brier" in result.output and "unit rates" in result.output and "target accuracy" in result.output
    assert "f1 90%" in result.output


def test_rdi_evaluate_json_adds_intervals_only_when_asked(tiny_model: Path) -> None:
    from pipeline.cli import app

    args = ["evaluate", "--data", str(EVAL), "--model", str(tiny_model), "--json", "--intervals"]
    out = json.loads(CliRunner().invoke(app, args).output)
    assert set(out) == {"labels", "target_accuracy", "intervals"}
    assert out["intervals"]["level"] == 0.9 and set(out["intervals"]["f1"]) == set(out["labels"])


def _framed(n_docs: int, per_doc: int, right_docs: int) -> tuple[list[dict], list[dict]]:
    """``n_docs`` statements of ``per_doc`` nationalist rows; the first ``right_docs`` are predicted right."""
    rows, preds = [], []
    for d in range(n_docs):
        for _ in range(per_doc):
            rows.append({"text": "x", "lang": "en", "history": 0, "territory": 0, "nationalist": 1, "conciliatory": 0,
                         "target": "KR", "doc_id": f"d{d}"})
            ok = d < right_docs
            preds.append(pred(0.1, 0.1, 0.9 if ok else 0.1, 0.1, "KR" if ok else "JP"))
    return rows, preds


def test_intervals_hold_the_point_estimate(metrics: dict) -> None:
    iv = metrics["intervals"]
    for label, per_lang in metrics["labels"].items():
        for lang, m in per_lang.items():
            if m["f1"] is None:  # no gold or predicted positive: no F1, no interval
                assert iv["f1"][label][lang] is None
                continue
            lo, hi = iv["f1"][label][lang]
            assert 0.0 <= lo <= m["f1"] <= hi <= 1.0
    lo, hi = iv["target_accuracy"]["en"]
    assert lo <= metrics["target_accuracy"]["en"] <= hi and lo < hi  # 2 of 3 right: resampling moves it


def test_perfect_predictions_have_a_zero_width_interval() -> None:
    rows, preds = _framed(20, 3, right_docs=20)
    iv = intervals(rows, preds)
    assert iv["f1"]["nationalist"]["en"] == [1.0, 1.0] and iv["target_accuracy"]["en"] == [1.0, 1.0]


def test_intervals_resample_statements_not_sentences() -> None:
    """Ten rows per statement move together, so the interval is wider than if rows were independent."""
    rows, preds = _framed(30, 10, right_docs=20)
    by_statement = intervals(rows, preds)["target_accuracy"]["en"]
    by_row = intervals(rows, preds, groups=[f"r{i}" for i in range(len(rows))])["target_accuracy"]["en"]
    assert by_statement[0] < 2 / 3 < by_statement[1]
    assert by_statement[1] - by_statement[0] > 2 * (by_row[1] - by_row[0])
    assert intervals(rows, preds) == intervals(rows, preds)  # seeded: the same file gives the same interval


def test_intervals_and_unit_rates_group_outside_rows_by_their_source() -> None:
    rows, preds = _framed(30, 10, right_docs=20)
    by_source = [{k: v for k, v in r.items() if k != "doc_id"} | {"source_url": f"https://x.go.kr/{r['doc_id']}"}
                 for r in rows]
    assert intervals(by_source, preds) == intervals(rows, preds)
    assert score(by_source, preds)["unit_rates"] == score(rows, preds)["unit_rates"]
    bare = [{k: v for k, v in r.items() if k != "doc_id"} for r in rows]
    assert intervals(bare, preds) != intervals(rows, preds)  # without either, every row is its own statement


def test_outside_files_may_name_their_provenance_otherwise(tmp_path: Path) -> None:
    base = {"text": "x", "lang": "en", "history": 0, "territory": 0, "nationalist": 0, "conciliatory": 0}
    page = "https://www.state.gov/briefings/department-press-briefing-march-1-2024/"
    spelled = [{"url": page, "date": "2024-03-01"}, {"source": {"url": page, "date": "2024-03-01"}},
               {"link": page, "source_date": "2024-03-01"}, {"source": "State Department", "date": "2024-03-01"},
               {"provenance": "authored", "statement_id": 17}]
    path = tmp_path / "outside.jsonl"
    path.write_text("".join(json.dumps(base | extra) + "\n" for extra in spelled))
    rows = read_jsonl(path, lenient=True)
    assert [(r.get("source_url"), r.get("source_date")) for r in rows] == [
        (page, "2024-03-01"), (page, "2024-03-01"), (page, "2024-03-01"), (None, "2024-03-01"), (None, None)]
    assert rows[-1]["doc_id"] == "17" and "doc_id" not in rows[0]


def test_outside_files_may_spell_languages_and_targets_otherwise(tmp_path: Path) -> None:
    """A held-out file written by another team: region-tagged languages, lower-case or alpha-3
    targets, empty strings for no target. The corpus itself stays strict."""
    base = {"history": 0, "territory": 0, "nationalist": 1, "conciliatory": 0}
    spelled = [("ja-JP", "jp"), ("KO", "PRK"), ("en_US", ""), ("jpn", "Other"), ("kor", "null"), ("EN", "dprk")]
    path = tmp_path / "outside.jsonl"
    path.write_text("".join(json.dumps({"text": "x", "lang": lang, "target": target, **base}) + "\n"
                            for lang, target in spelled))
    rows = read_jsonl(path, lenient=True)
    assert [(r["lang"], r["target"]) for r in rows] == [
        ("ja", "JP"), ("ko", "KP"), ("en", None), ("ja", "other"), ("ko", None), ("en", "KP")]
    with pytest.raises(CorpusError, match=r"outside.jsonl:1: unsupported lang 'ja-JP'"):
        read_jsonl(path)
    path.write_text(json.dumps({"text": "x", "lang": "ja", "target": "Japan", **base}) + "\n")
    with pytest.raises(CorpusError, match=r"outside.jsonl:1: target 'Japan' not in"):
        read_jsonl(path, lenient=True)
    path.write_text(json.dumps({"text": "x", "lang": "zh-TW", "target": None, **base}) + "\n")
    with pytest.raises(CorpusError, match=r"outside.jsonl:1: unsupported lang 'zh-TW'"):
        read_jsonl(path, lenient=True)


def test_outside_files_may_write_labels_as_text(tmp_path: Path) -> None:
    """A spreadsheet export writes "1"/"0", "true"/"false" or "yes"/"no"; anything else is an error
    naming the line, and so is a severity outside 0-3."""
    row = {"text": "x", "lang": "en", "history": "1", "territory": "false", "nationalist": " Yes ",
           "conciliatory": "0", "target": "KR", "severity": "2"}
    path = tmp_path / "outside.jsonl"
    path.write_text(json.dumps(row) + "\n" + json.dumps(row | {"severity": ""}) + "\n")
    rows = read_jsonl(path, lenient=True)
    assert [(r["history"], r["territory"], r["nationalist"], r["conciliatory"], r["severity"]) for r in rows] == [
        (1, 0, 1, 0, 2), (1, 0, 1, 0, None)]
    with pytest.raises(CorpusError, match=r"outside.jsonl:1: 'history' must be 0 or 1"):
        read_jsonl(path)
    path.write_text(json.dumps(row | {"history": "maybe"}) + "\n")
    with pytest.raises(CorpusError, match=r"outside.jsonl:1: 'history' must be 0 or 1"):
        read_jsonl(path, lenient=True)
    path.write_text(json.dumps(row | {"severity": 5}) + "\n")
    with pytest.raises(CorpusError, match=r"outside.jsonl:1: severity 5 must be 0, 1, 2, 3 or null"):
        read_jsonl(path, lenient=True)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("speaker", 5, "'speaker' must be a string or null"),
    ("context", {"q": "?"}, "'context' must be a string or null"),
    ("source_url", ["https://www.mofa.go.jp/"], "'source_url' must be a string or null"),
    ("source_url", "https://[::1", "source_url 'https://\\[::1' is not a URL"),
])
def test_optional_fields_of_the_wrong_type_name_the_line(tmp_path: Path, field: str, value: object,
                                                         message: str) -> None:
    """They once reached the tagger and failed there without a file or line ("'int' object has no
    attribute 'lower'")."""
    row = {"text": "x", "lang": "en", "history": 0, "territory": 0, "nationalist": 0, "conciliatory": 0,
           "target": None}
    path = tmp_path / "outside.jsonl"
    path.write_text(json.dumps(row) + "\n" + json.dumps(row | {field: value}) + "\n")
    with pytest.raises(CorpusError, match=rf"outside.jsonl:2: {message}"):
        read_jsonl(path, lenient=True)
    path.write_text(json.dumps(row | {field: None}) + "\n")
    assert len(read_jsonl(path, lenient=True)) == 1


def test_a_null_severity_is_not_scored() -> None:
    gold = [{"text": "x", "lang": "en", "history": 0, "territory": 0, "nationalist": 1, "conciliatory": 0,
             "target": "KP", "severity": sev} for sev in (None, 2)]
    preds = [{"nationalist": 1, "history": 0, "territory": 0, "conciliatory": 0, "target": "KP", "severity": 2,
              **{f"p_{k}": 0.5 for k in ("history", "territory", "nationalist", "conciliatory")}}] * 2
    assert score(gold, preds)["severity_accuracy"] == {"en": 1.0}


def test_rdi_evaluate_reads_outside_spellings(tiny_model: Path, tmp_path: Path) -> None:
    from pipeline.cli import app

    path = tmp_path / "outside.jsonl"
    lines = [json.loads(line) for line in EVAL.read_text("utf-8").splitlines() if line.strip()]
    for row in lines:
        row["lang"] = row["lang"].upper() + "-XX"
        row["target"] = (row.get("target") or "").lower()
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), "utf-8")
    ours = CliRunner().invoke(app, ["evaluate", "--data", str(EVAL), "--model", str(tiny_model), "--json"])
    theirs = CliRunner().invoke(app, ["evaluate", "--data", str(path), "--model", str(tiny_model), "--json"])
    assert theirs.exit_code == 0, theirs.output
    assert json.loads(theirs.output) == json.loads(ours.output)


def test_rdi_evaluate_refuses_a_file_without_rows(tiny_model: Path, tmp_path: Path) -> None:
    from pipeline.cli import app

    path = tmp_path / "blank.jsonl"
    path.write_text("\n\n")
    result = CliRunner().invoke(app, ["evaluate", "--data", str(path), "--model", str(tiny_model), "--json"])
    assert result.exit_code != 0
    assert isinstance(result.exception, CorpusError)  # the CLI's entry point prints it as one line
    assert "blank.jsonl: no labelled rows" in str(result.exception)


@pytest.mark.parametrize("text", ["", "  ", "\u200b", "&nbsp;", "\u200b&nbsp;\u3000\ufeff"])
def test_a_text_that_reads_as_nothing_names_the_line(tmp_path: Path, text: str) -> None:
    """Zero-width characters or "&nbsp;" alone passed the non-empty check, then the tagger saw no
    sentence and the row was scored as predicted all-negative (a false negative for each gold label)."""
    row = {"text": "Japan strongly protests.", "lang": "en", "history": 0, "territory": 0, "nationalist": 1,
           "conciliatory": 0, "target": "KR"}
    path = tmp_path / "outside.jsonl"
    path.write_text(json.dumps(row) + "\n" + json.dumps(row | {"text": text}) + "\n", "utf-8")
    with pytest.raises(CorpusError, match=r"^outside.jsonl:2: 'text' (must be a non-empty string|is empty as the tagger reads it)"):
        read_jsonl(path, lenient=True)


def test_outside_files_lose_a_list_marker_in_front_of_the_text(tmp_path: Path, tiny_model: Path) -> None:
    """A sentence copied from a list keeps its "1. " or "・". The tagger read "1." as a sentence of
    its own, which could take the row's target (the shipped model gave 9 of 75 test rows another
    target or flag with "1. " in front). The corpus drops list numbering; an outside file's rows
    now lose it too, and nothing that only looks like one ("3.1운동", "4. 27판문점", "①については")."""
    from pipeline.cli import app

    marked = [("1. Japan protests.", "Japan protests."), ("(2)日本政府に抗議する。", "日本政府に抗議する。"),
              ("・日本政府に抗議する。", "日本政府に抗議する。"), ("- Japan protests.", "Japan protests."),
              ("① 独島は韓国の領土だ。", "独島は韓国の領土だ。"), ("ㅇ 정부는 항의했다.", "정부는 항의했다."),
              ("１．日本は抗議する。", "日本は抗議する。")]
    kept = ["3.1운동 100주년", "4. 27판문점 선언을 재확인한다.", "①については抗議した。", "1.5 million people.", "-5 degrees."]
    row = {"lang": "en", "history": 0, "territory": 0, "nationalist": 1, "conciliatory": 0, "target": "KR"}
    path = tmp_path / "outside.jsonl"
    path.write_text("".join(json.dumps(row | {"text": t}, ensure_ascii=False) + "\n"
                            for t in [m for m, _ in marked] + kept), "utf-8")
    assert [r["text"] for r in read_jsonl(path, lenient=True)] == [t for _, t in marked] + kept
    assert [r["text"] for r in read_jsonl(path)][0] == "1. Japan protests."  # the corpus stays as written
    lines = [json.loads(line) for line in EVAL.read_text("utf-8").splitlines() if line.strip()]
    path.write_text("".join(json.dumps(r | {"text": f"{n}. {r['text']}"}, ensure_ascii=False) + "\n"
                            for n, r in enumerate(lines, 1)), "utf-8")
    ours = CliRunner().invoke(app, ["evaluate", "--data", str(EVAL), "--model", str(tiny_model), "--json"])
    theirs = CliRunner().invoke(app, ["evaluate", "--data", str(path), "--model", str(tiny_model), "--json"])
    assert theirs.exit_code == 0, theirs.output
    assert json.loads(theirs.output) == json.loads(ours.output)


def test_rows_whose_text_is_not_in_their_lang_are_named_in_a_warning(tmp_path: Path, tiny_model: Path) -> None:
    """Korean text marked `en` (or English marked `ja`) is read by the wrong pipeline and scored
    all-negative without a word; rdi evaluate now names those rows on stderr (and still scores them,
    as the corpus holds a few on purpose: a Korean greeting inside an English speech)."""
    from pipeline.cli import app

    row = {"history": 0, "territory": 1, "nationalist": 1, "conciliatory": 0, "target": "KR"}
    texts = [("en", "Japan protests."), ("en", "독도는 우리 땅입니다."), ("ja", "Japan protests."),
             ("ja", "竹島は日本固有の領土です。"), ("ko", "竹島は日本固有の領土です。"), ("ko", "독도는 우리 땅입니다."),
             ("ko", "“We go together”, 같이 갑시다.")]
    path = tmp_path / "outside.jsonl"
    path.write_text("".join(json.dumps(row | {"lang": lang, "text": t}, ensure_ascii=False) + "\n"
                            for lang, t in texts), "utf-8")
    warned: list[str] = []
    assert len(read_jsonl(path, lenient=True, warn=warned.append)) == len(texts)
    assert warned == ["outside.jsonl:2: the text is not in lang 'en'", "outside.jsonl:3: the text is not in lang 'ja'",
                      "outside.jsonl:5: the text is not in lang 'ko'"]
    path.write_text("".join(json.dumps(row | {"lang": lang, "text": t}, ensure_ascii=False) + "\n"
                            for lang, t in texts[:4]), "utf-8")  # the tiny model has no Korean
    result = CliRunner().invoke(app, ["evaluate", "--data", str(path), "--model", str(tiny_model), "--json"])
    assert result.exit_code == 0, result.output
    assert "warning: 2 row(s) whose text is not in their lang" in result.stderr
    assert "outside.jsonl:2" in result.stderr and json.loads(result.stdout)["labels"]


def test_outside_files_lose_what_a_transcript_prints_around_a_sentence(tmp_path: Path, tiny_model: Path) -> None:
    """A sentence copied from a transcript keeps its speaker's label ("SECRETARY RUBIO:  ", 【岩屋外務大臣】,
    <답변>), an interpreter's note, the audience's reaction or a footnote reference; the tagger read
    them as words (with the shipped model, a label in front changed the flags or target of 41 % of
    the English test rows). The crawlers keep labels apart from the text; an outside file's rows now
    lose them, and nothing that only looks like one (a heading in capitals, a post's "Secretary
    Tillerson: ", Korean title brackets, a reaction inside the sentence)."""
    from pipeline.cli import app

    marked = [("en", "SECRETARY RUBIO:  Japan protests.", "Japan protests."),
              ("en", "MR. PIGOTT: Japan protests.", "Japan protests."),
              ("en", "THE PRESIDENT: Japan protests. (Applause.)", "Japan protests."),
              ("en", "FOREIGN MINISTER KISHIDA:  (Via interpreter) Japan protests.", "Japan protests."),
              ("en", "Q: Japan protests.[1]", "Japan protests."),
              ("ja", "【岩屋外務大臣】日本政府に抗議する。", "日本政府に抗議する。"),
              ("ja", "林官房長官：日本政府に抗議する。（拍手）", "日本政府に抗議する。"),
              ("ja", "（答）日本政府に抗議する。", "日本政府に抗議する。"),
              ("ja", "※日本政府に抗議する。", "日本政府に抗議する。"),
              ("ja", "○林国務大臣　日本政府に抗議する。", "日本政府に抗議する。"),  # a Diet record's speaker
              ("ja", "○政府参考人（船越健裕君）　日本政府に抗議する。", "日本政府に抗議する。"),
              ("ko", "<답변> 정부는 항의했다.", "정부는 항의했다."),
              ("ko", "○ 대변인 : 정부는 항의했다.", "정부는 항의했다."),
              ("ko", "(통역) 정부는 항의했다. (박수)", "정부는 항의했다.")]
    kept = [("en", "ADDRESSING TRADE IMBALANCES: President Trump is working to level the playing field."),
            ("en", "Secretary Tillerson: We will not accept a nuclear armed #NorthKorea."),
            ("en", "We have — (laughter) — that's why we have to remember who we are."),
            ("en", "(Inaudible) to predict, but no, we don't."),
            ("ja", "尖閣諸島（沖縄県）の領空を侵犯した。"), ("ja", "○日米同盟の強化　日本政府は取り組む。"),
            ("ko", "<제77주년 국군의 날>을 축하합니다.")]
    row = {"history": 0, "territory": 0, "nationalist": 1, "conciliatory": 0, "target": "KR"}
    path = tmp_path / "outside.jsonl"
    path.write_text("".join(json.dumps(row | {"lang": lang, "text": t}, ensure_ascii=False) + "\n"
                            for lang, t, *_ in marked + kept), "utf-8")
    assert [r["text"] for r in read_jsonl(path, lenient=True)] == [t for *_, t in marked] + [t for _, t in kept]
    assert read_jsonl(path)[0]["text"] == "SECRETARY RUBIO:  Japan protests."  # the corpus stays as written
    lines = [json.loads(line) for line in EVAL.read_text("utf-8").splitlines() if line.strip()]
    label = {"en": "SECRETARY RUBIO:  ", "ja": "【岩屋外務大臣】"}
    path.write_text("".join(json.dumps(r | {"text": label[r["lang"]] + r["text"] + " (Applause.)"},
                                       ensure_ascii=False) + "\n" for r in lines), "utf-8")
    ours = CliRunner().invoke(app, ["evaluate", "--data", str(EVAL), "--model", str(tiny_model), "--json"])
    theirs = CliRunner().invoke(app, ["evaluate", "--data", str(path), "--model", str(tiny_model), "--json"])
    assert theirs.exit_code == 0, theirs.output
    assert json.loads(theirs.output) == json.loads(ours.output)
