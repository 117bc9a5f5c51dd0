"""rdi tag with the real framing tagger: eligible units only, idempotent, context passed."""

from __future__ import annotations

import pytest

from pipeline.load import load
from pipeline.tag import tag

KR_PROTEST = (
    "정부는 일본 정부가 부당한 독도 영유권 주장이 담긴 방위백서를 발표한 데 대해 강력히 항의하며, "
    "이를 즉각 철회할 것을 촉구한다. 독도는 역사적·지리적·국제법적으로 명백한 대한민국 고유의 영토이다."
)
JP_QA = [
    ("reporter", "韓国による竹島の不法占拠について、政府の対応を伺います。"),
    ("official", "断じて受け入れられません。強く抗議しました。"),
    ("reporter", "次の質問です。"),
]
US_ROUTINE = ("The United States welcomes the trilateral summit with Japan and the Republic of Korea. "
              "We will continue to cooperate closely.")


@pytest.fixture
def staged(project, stage, statement):
    kr = statement("1", KR_PROTEST, source="kr_mofa_press_releases_ko",
                   url="https://www.mofa.go.kr/www/brd/1")
    stage([kr], source="kr_mofa_press_releases_ko")
    stage([statement("1", KR_PROTEST, source="kr_mofa_press_releases_en", lang="en",
                     is_translation=True, alt_urls=["https://www.mofa.go.kr/www/brd/1"])],
          source="kr_mofa_press_releases_en")
    stage([statement("77", KR_PROTEST, source="kr_koreakr_mofa_ko")], source="kr_koreakr_mofa_ko")
    stage([statement("2", "全文", turns=JP_QA)])
    stage([statement("3", US_ROUTINE, source="us_state_briefings")], source="us_state_briefings")
    load(project)
    return project


def test_tags_only_eligible_units_and_stores_sentences(staged, framing_model, snap):
    result = tag(staged, model_dir=framing_model)
    assert result.units_pending == 3
    assert result.units_tagged == 3
    scored = snap("select unit_id from unit_scores order by 1", rows=True)
    assert [u for (u,) in scored] == [
        "jp_mofa_press_conferences_ja:2#t1",
        "kr_mofa_press_releases_ko:1",
        "us_state_briefings:3",
    ]
    assert snap("select count(*) from sentences") == result.sentences
    mismatched = snap(
        "select count(*) from sentences s join units u using (unit_id) "
        "where substr(u.text, s.start_char + 1, s.end_char - s.start_char) <> s.text")
    assert mismatched == 0
    inconsistent = snap(
        "select count(*) from unit_flags f where f.hostile <> exists ("
        " select 1 from sentence_scores s where s.unit_id = f.unit_id and s.target = f.target"
        " and s.nationalist and (s.history or s.territory))")
    assert inconsistent == 0


def test_real_protest_is_flagged_toward_japan(staged, framing_model, snap):
    tag(staged, model_dir=framing_model)
    flags = snap("select target, hostile from unit_flags where unit_id = 'kr_mofa_press_releases_ko:1'",
                 rows=True)
    assert ("JP", True) in flags


def test_reporter_question_is_the_context_that_sets_the_target(staged, framing_model, snap):
    tag(staged, model_dir=framing_model)
    targets = snap("select distinct target from sentence_scores "
                   "where unit_id = 'jp_mofa_press_conferences_ja:2#t1'", rows=True)
    assert targets == [("KR",)]


def test_rerun_is_idempotent_and_changed_units_are_retagged(staged, framing_model, snap, stage,
                                                            statement):
    first = tag(staged, model_dir=framing_model)
    n = snap("select count(*) from sentence_scores")
    again = tag(staged, model_dir=framing_model)
    assert again.units_pending == 0
    assert snap("select count(*) from sentence_scores") == n
    stage([statement("3", US_ROUTINE + " We discussed history.", source="us_state_briefings",
                     fetched_at="2024-10-20T00:00:00+00:00")],
          name="run2", source="us_state_briefings")
    load(staged)
    third = tag(staged, model_dir=framing_model)
    assert third.units_pending == 1
    dupes = snap("select count(*) from (select unit_id, idx from sentences "
                 "group by all having count(*) > 1)")
    assert dupes == 0
    assert snap("select count(*) from sentences where unit_id = 'us_state_briefings:3'") == 3
    assert first.model_version == third.model_version


def test_tagging_with_a_model_again_makes_it_current(staged, framing_model, snap, tmp_path):
    """Model A, then B, then A again: every unit is scored by both, so the tie goes to the
    model tagged most recently, A, even though its rerun found nothing left to score; the
    index, the views and the evidence then read A's scores, never B's."""
    import json
    import shutil

    from pipeline.index import build_index

    model_b = tmp_path / "models" / "B"
    shutil.copytree(framing_model, model_b)
    meta = json.loads((model_b / "metadata.json").read_text("utf-8"))
    version_a, meta["version"] = meta["version"], "B-test"
    (model_b / "metadata.json").write_text(json.dumps(meta), "utf-8")

    tag(staged, model_dir=framing_model)
    tag(staged, model_dir=model_b)
    assert snap("select model_version from current_model") == "B-test"
    again = tag(staged, model_dir=framing_model)
    assert again.units_tagged == 0
    assert snap("select model_version from current_model") == version_a
    assert snap("select distinct model_version from scored_units", rows=True) == [(version_a,)]
    assert build_index(staged, draws=200).model_version == version_a
    # both models' scores are kept, one row per unit and model
    assert snap("select model_version, count(*) from unit_scores group by 1 order by 1",
                rows=True) == [(version_a, 3), ("B-test", 3)]


def test_a_unit_too_long_for_the_tagger_does_not_stop_the_others(project, stage, statement,
                                                                 framing_model, snap):
    """A statement longer than spaCy reads in one doc (1,000,000 characters: a white paper
    posted as one page) is left pending and counted, instead of failing every rdi tag run and
    so holding back every unit after it."""
    from pipeline.index import build_index

    huge = (US_ROUTINE + " ") * (1_000_000 // len(US_ROUTINE) + 1)
    stage([statement("huge", huge, source="us_state_briefings"),
           statement("ok", US_ROUTINE, source="us_state_briefings")], source="us_state_briefings")
    load(project)
    result = tag(project, model_dir=framing_model)
    assert (result.units_pending, result.units_tagged, result.units_too_long) == (2, 1, 1)
    assert snap("select unit_id from unit_scores", rows=True) == [("us_state_briefings:ok",)]
    again = tag(project, model_dir=framing_model)
    assert (again.units_pending, again.units_tagged, again.units_too_long) == (1, 0, 1)
    notes = " ".join(build_index(project, draws=200).notes)
    assert "1 eligible unit(s) not scored" in notes


def test_a_model_is_loaded_once_per_process_until_a_file_of_it_changes(framing_model, tmp_path):
    """Tagging again in one process reuses the checked tagger; any write to the model's folder
    (here a damaged model file) makes the next tag load and check it again, and fail."""
    import os
    import shutil

    from nlp.model_io import ModelError
    from pipeline.tag import loaded_tagger

    copy = tmp_path / "model"
    shutil.copytree(framing_model, copy)
    first = loaded_tagger(copy)
    assert loaded_tagger(copy) is first
    lexicon = next((copy / "patterns").glob("*.jsonl"))
    os.utime(lexicon)  # same bytes, new times: checked again, and still good
    again = loaded_tagger(copy)
    assert again is not first and again.model_version == first.model_version
    with open(copy / "model.skops", "r+b") as fh:
        fh.seek(100)
        fh.write(b"\0" * 16)
    with pytest.raises(ModelError, match="SHA-256|sha256|changed|corrupt"):
        loaded_tagger(copy)
