"""nlp/reliability.py: coder agreement of the corpus study, checked against hand-computed values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nlp.corpus import CorpusError, load_corpus
from nlp.reliability import STUDY_FILE, agreement, check_coding, read_study, sample_rows, study_path
from pipeline.cli import app
from tests.nlp.conftest import TINY_CORPUS

TINY_STUDY = study_path(TINY_CORPUS)


def test_agreement_matches_hand_computation() -> None:
    en = agreement(read_study(TINY_STUDY))["en"]
    # nationalist: first 1,1,0,0 / second 1,0,0,0. Coincidences o11 = 2, o10 = o01 = 1, o00 = 4
    # (n = 8, n1 = 3, n0 = 5): D_o = 2/8, D_e = 2*3*5/(8*7), alpha = 1 - D_o/D_e = 8/15.
    assert en["nationalist"]["alpha"] == pytest.approx(8 / 15, abs=1e-4)
    assert en["nationalist"]["verdict"] == "unreliable"
    assert en["nationalist"]["f1"] == pytest.approx(2 / 3, abs=1e-4)  # tp 1; 2 + 1 marked
    assert en["nationalist"]["agree"] == 0.75
    assert en["nationalist"]["positives"] == [2, 1]
    assert en["history"]["alpha"] == 1.0 and en["history"]["f1"] == 1.0
    # target: JP/JP, JP/null, other/KR, null/null -> 2 of 4 alike; of the 2 rows both framed, 1
    assert en["target"]["agree"] == 0.5
    assert en["target"]["agree_framed"] == 0.5 and en["target"]["framed_units"] == 2
    assert en["severity"]["units"] == 4


def test_a_field_without_variation_has_no_alpha() -> None:
    ja = agreement(read_study(TINY_STUDY))["ja"]
    assert ja["territory"]["alpha"] == 1.0  # 0,1,0,0 twice
    assert ja["history"]["agree"] == 1.0
    rows = [r for r in read_study(TINY_STUDY) if r["lang"] == "ja" and not r["first"]["history"]]
    assert agreement(rows)["ja"]["history"]["alpha"] is None
    assert agreement(rows)["ja"]["history"]["verdict"] == "n/a"
    assert agreement(rows)["ja"]["history"]["f1"] is None  # no positive: F1 undefined, not 0


@pytest.mark.parametrize(("coding", "message"), [
    ({"history": 0, "territory": 0, "nationalist": 0, "conciliatory": 0, "target": "JP"}, "target is set exactly"),
    ({"history": 0, "territory": 0, "nationalist": 1, "conciliatory": 0, "target": None}, "target is set exactly"),
    ({"history": 0, "territory": 0, "nationalist": 0, "conciliatory": 1, "target": "US", "severity": 2}, "severity"),
    ({"history": 2, "territory": 0, "nationalist": 0, "conciliatory": 0, "target": None}, "'history' must be 0 or 1"),
    ({"history": 0, "territory": 0, "nationalist": 1, "conciliatory": 0, "target": "XX"}, "not in"),
])
def test_codings_against_the_codebook_constraints_are_refused(coding: dict, message: str) -> None:
    with pytest.raises(CorpusError, match=message):
        check_coding(coding, "row 1")


def test_study_file_errors_name_the_line(tmp_path: Path) -> None:
    lines = TINY_STUDY.read_text("utf-8").splitlines()
    dup = tmp_path / "dup.jsonl"
    dup.write_text("\n".join([lines[0], lines[1], lines[0]]), "utf-8")
    with pytest.raises(CorpusError, match=r"dup.jsonl:3: duplicate id"):
        read_study(dup)
    bom = tmp_path / "bom.jsonl"
    bom.write_text("\ufeff" + "\n".join(lines), "utf-8")
    assert len(read_study(bom)) == len(lines)
    sjis = tmp_path / "sjis.jsonl"
    sjis.write_bytes('{"id": "tja-0013", "lang": "ja", "note": "竹島"}'.encode("shift_jis"))
    with pytest.raises(CorpusError, match="not UTF-8 text"):
        read_study(sjis)
    broken = tmp_path / "broken.jsonl"
    broken.write_text(lines[0] + "\n{not json", "utf-8")
    with pytest.raises(CorpusError, match=r"broken.jsonl:2: invalid JSON"):
        read_study(broken)


def test_sample_rows_carry_the_first_coding_and_refuse_unknown_ids(tmp_path: Path) -> None:
    corpus = load_corpus(TINY_CORPUS)
    study = read_study(TINY_STUDY)
    rows = sample_rows(study, corpus)
    assert [r["id"] for r in rows] == [s["id"] for s in study]
    assert all(r["text"] and r["nationalist"] == s["first"]["nationalist"] for r, s in zip(rows, study, strict=True))
    with pytest.raises(CorpusError, match="not in the corpus"):
        sample_rows([{**study[0], "id": "xx-9999"}], corpus)


def test_cli_prints_the_agreement_as_json() -> None:
    result = CliRunner().invoke(app, ["corpus-agreement", "--data", str(TINY_STUDY), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out == agreement(read_study(TINY_STUDY))
    table = CliRunner().invoke(app, ["corpus-agreement", "--data", str(TINY_STUDY)])
    assert table.exit_code == 0 and "unreliable" in table.output and "0.533" in table.output


def test_bundled_study_is_whole_test_statements_of_the_corpus() -> None:
    if not STUDY_FILE.is_file():
        pytest.fail(f"{STUDY_FILE} is missing")
    study = read_study(STUDY_FILE)
    corpus = load_corpus()
    by_id = {r["id"]: r for r in corpus}
    rows = sample_rows(study, corpus)  # every id is a corpus row
    assert {by_id[s["id"]]["split"] for s in study} == {"test"}
    assert all(by_id[s["id"]]["lang"] == s["lang"] for s in study)
    docs = {(r["doc_id"], r["lang"]) for r in rows}  # a doc_id may hold a statement's EN and KO texts
    whole = {r["id"] for r in corpus if (r["doc_id"], r["lang"]) in docs}
    assert whole == {s["id"] for s in study}, "a sampled statement is coded in part only"
    assert {s["lang"] for s in study} == {"en", "ja", "ko"}
