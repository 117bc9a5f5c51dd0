"""rdi train on a tiny corpus, the Tagger API, and refusing missing/corrupt/tampered models."""

from __future__ import annotations

import json
import shutil
from dataclasses import fields
from pathlib import Path

import pytest

from nlp.labels import LABELS
from nlp.model_io import ModelError
from nlp.tagger import SentenceTag, UnitInput, load_metadata, load_tagger


def test_training_writes_model_metadata_and_card(tiny_model: Path) -> None:
    assert {p.name for p in tiny_model.iterdir()} == {"model.skops", "metadata.json", "MODEL_CARD.md", "splits.tsv",
                                                      "patterns"}
    meta = load_metadata(tiny_model)
    assert meta["version"] == "tiny"
    assert len(meta["data_hash"]) == 64
    assert meta["libraries"]["scikit-learn"].startswith("1.")
    assert set(meta["thresholds"]["en"]) == set(LABELS)
    assert all(0.0 < t < 1.0 for t in meta["thresholds"]["ja"].values())
    assert set(meta["unit_rates"]["en"]) == {"tp", "fp", "fn", "tn"}
    assert set(meta["target_model"]["langs"]) == {"en", "ja"}
    assert set(meta["target_model"]["uses"]) == {"en", "ja"}
    assert all(set(uses) <= {"unresolved", "bare_text"} for uses in meta["target_model"]["uses"].values())
    assert set(meta["metrics"]["test"]["labels"]["history"]) <= {"en", "ja"}
    card = (tiny_model / "MODEL_CARD.md").read_text("utf-8")
    assert "rdi evaluate` on the held-out test split" in card
    target_section = card.split("Target model", 1)[1].split("Out-of-fold Brier", 1)[0]
    assert "- en:" in target_section and "- ja:" in target_section
    assert "second use (every framed sentence of bare text" in target_section
    severity_section = card.split("Severity of nationalist sentences", 1)[1].split("Out-of-fold Brier", 1)[0]
    assert "- en:" in severity_section and "- ja:" in severity_section
    prov = meta["corpus_provenance"]
    assert set(prov) == {"en", "ja"} and all(sum(c.values()) > 0 for c in prov.values())
    en_total = sum(prov["en"].values())
    share = 100 * prov["en"].get("quote", 0) / en_total
    assert f"EN {en_total:,}" in card and f"{share:.0f} % (EN)" in card


def test_model_records_coder_agreement_beside_its_own_f1(tiny_model: Path) -> None:
    from nlp.reliability import agreement, read_study, study_path
    from tests.nlp.conftest import TINY_CORPUS

    study = load_metadata(tiny_model)["agreement"]
    assert study["coders"] == agreement(read_study(study_path(TINY_CORPUS)))
    assert set(study["tagger"]["labels"]["nationalist"]) == {"en", "ja"}
    assert 0.0 <= study["tagger"]["labels"]["nationalist"]["en"]["f1"] <= 1.0
    section = (tiny_model / "MODEL_CARD.md").read_text("utf-8").split("### Coder agreement", 1)[1]
    nat = next(line for line in section.splitlines() if line.startswith("| nationalist |"))
    tagger_f1 = study["tagger"]["labels"]["nationalist"]["en"]["f1"]
    assert nat.split("|")[2].strip() == f"0.53 / 0.67 / {tagger_f1:.2f}"  # alpha 8/15, coder F1 2/3 (hand-computed)


def _framed_rows(pairs: list[tuple[str, str]]) -> list[dict]:
    """One nationalist row per (text, target), each its own statement, all in train."""
    return [{"id": f"t-{i}", "text": text, "lang": "en", "history": 0, "territory": 0, "nationalist": 1,
             "conciliatory": 0, "target": target, "severity": 2, "doc_id": f"t-doc{i}", "split": "train",
             "provenance": "authored", "speaker": "Ministry of Foreign Affairs (Japan)", "context": None}
            for i, (text, target) in enumerate(pairs)]


def _protest_pairs(template: str) -> list[tuple[str, str]]:
    """24 (text, target) pairs: ``template`` filled with a KP or CN topic ``{w}`` and a time ``{n}``."""
    words = {"KP": ["missile launch", "nuclear test", "ballistic missile"],
             "CN": ["airspace incursion", "coast guard vessels", "survey ship"]}
    return [(template.format(w=w, n=n), t)
            for t, ws in words.items() for w in ws for n in ("yesterday", "this week", "last night", "again")]


def test_target_model_is_kept_when_it_beats_the_priors() -> None:
    from nlp.training import fit_target

    pairs = _protest_pairs("We strongly protest the {w} of {n} today.")
    model, info = fit_target("en", _framed_rows(pairs))
    assert info["rows"] == len(pairs) and info["used"] is True
    tally = info["oof_unresolved"]["text_only"]
    assert tally["model_correct"] > tally["prior_correct"]  # a single prior is right on half at most
    assert model is not None and set(model.classes_) == {"KP", "CN"}


def test_bare_text_use_is_kept_when_it_beats_the_resolver_on_bare_text() -> None:
    from nlp.training import fit_target, target_uses

    # Bare text names the United States, but the protest aims at North Korea or China: the
    # resolver, which cannot tell who speaks, follows the named country; the model learns.
    pairs = _protest_pairs("Together with the United States, Japan protests the {w} {n}.")
    model, info = fit_target("en", _framed_rows(pairs))
    bare = info["bare_text"]
    assert bare["rows"] == len(pairs) and bare["used"] is True and bare["mcnemar_z"] >= 1.96
    assert bare["oof_accuracy"] > bare["oof_accuracy_without"]
    # With a known speaker the resolver resolves every row: nothing unresolved to judge the first use on.
    assert info["used"] is False and target_uses(info) == ["bare_text"]
    assert model is not None and set(model.classes_) == {"KP", "CN"}


def test_target_model_is_dropped_when_there_is_nothing_to_choose() -> None:
    from nlp.training import fit_target

    model, info = fit_target("en", _framed_rows([(f"We protest the launch number {i}.", "KP") for i in range(12)]))
    assert model is None and info["used"] is False and "skipped" in info
    assert info["bare_text"]["used"] is False


def _severity_rows(pairs: list[tuple[str, int]]) -> list[dict]:
    """One nationalist row per (text, severity), each its own statement, all in train."""
    rows = _framed_rows([(text, "KP") for text, _ in pairs])
    for row, (_, level) in zip(rows, pairs, strict=True):
        row["severity"] = level
    return rows


def test_severity_model_is_kept_when_it_beats_the_cue_rules() -> None:
    from nlp.training import fit_severity

    # "warns" is no cue rule (the rules give the default, 2) but the gold severity is 3;
    # "regrets" is the ritual-regret rule (1) and right. The model learns the first.
    topics = ["missile launch", "nuclear test", "satellite launch", "artillery drill", "drone incursion", "cyberattack"]
    pairs = [(f"The government sternly warns against the {t} {n}.", 3) for t in topics for n in ("today", "again")]
    pairs += [(f"The government regrets the {t} {n}.", 1) for t in topics for n in ("today", "again")]
    model, info = fit_severity("en", _severity_rows(pairs))
    assert info["rows"] == len(pairs) and info["severities"] == {"1": 12, "3": 12}
    assert info["oof_accuracy_rules"] == 0.5  # right on the regret rows only
    assert info["oof_accuracy"] > 0.9 and info["used"] is True and info["mcnemar_z"] >= 1.96
    assert model is not None and list(model.predict([["We sternly warn of a new launch.", "NOCUE"]])) == [3]


def test_severity_model_is_dropped_when_the_rules_are_right() -> None:
    from nlp.training import fit_severity

    topics = ["missile launch", "nuclear test", "satellite launch", "artillery drill", "drone incursion", "cyberattack"]
    pairs = [(f"We strongly protest the {t} {n}.", 2) for t in topics for n in ("today", "again")]
    pairs += [(f"The government regrets the {t} {n}.", 1) for t in topics for n in ("today", "again")]
    model, info = fit_severity("en", _severity_rows(pairs))
    assert model is None and info["used"] is False and info["oof_accuracy_rules"] == 1.0


def test_tagger_attaches_the_severity_model_training_kept(tiny_tagger) -> None:  # noqa: ANN001
    infos = tiny_tagger.metadata["severity_model"]["langs"]
    assert set(infos) == {"en", "ja"}
    for lang in ("en", "ja"):
        attached = tiny_tagger.nlp(lang).get_pipe("severity").estimator is not None
        assert attached == bool(infos[lang].get("used"))


def test_tagger_attaches_the_target_uses_training_kept(tiny_tagger) -> None:  # noqa: ANN001
    uses = tiny_tagger.metadata["target_model"]["uses"]
    for lang in ("en", "ja"):
        framing = tiny_tagger.nlp(lang).get_pipe("framing")
        assert framing.target_uses == tuple(uses[lang])
        assert (framing.target_estimator is not None) == bool(uses[lang])


def test_tagger_yields_one_tag_per_sentence(tiny_tagger) -> None:  # noqa: ANN001
    units = [
        UnitInput("jp_x:1", "ja", "竹島は日本固有の領土であり、韓国に厳重に抗議した。本日の会見を始めます。"),
        UnitInput("kr_x:2#t1", "en", "Dokdo is our inherent territory, and we reject Japan's unjust claim."),
        UnitInput("us_x:3", "en", "   "),
    ]
    tags = list(tiny_tagger.tag(units))
    assert [(t.unit_id, t.idx) for t in tags] == [("jp_x:1", 0), ("jp_x:1", 1), ("kr_x:2#t1", 0)]
    first = tags[0]
    assert units[0].text[first.start:first.end] == first.text
    assert first.territory is True
    assert first.nationalist is True
    assert first.target == "KR"
    assert first.severity == 2
    assert "竹島" in first.cues
    # The procedural second sentence ranks far below the protest. Where a 40-row model sets its
    # threshold is noise, so the flag itself is not asserted, only what must follow from it.
    assert tags[1].p_nationalist < first.p_nationalist / 2
    assert tags[1].severity == 0 if not tags[1].nationalist else tags[1].severity >= 1
    assert (tags[1].target is None) == (not tags[1].nationalist and not tags[1].conciliatory)
    assert tags[2].target == "JP"
    assert tiny_tagger.model_version == "tiny"


def test_sentence_tag_fields_are_the_contract() -> None:
    names = [f.name for f in fields(SentenceTag)]
    assert names == ["unit_id", "idx", "start", "end", "text", "p_history", "p_territory", "p_nationalist",
                     "p_conciliatory", "history", "territory", "nationalist", "conciliatory", "target",
                     "severity", "cues"]


def test_unknown_language_is_refused(tiny_tagger) -> None:  # noqa: ANN001
    with pytest.raises(ValueError, match="unsupported language 'de'"):
        list(tiny_tagger.tag([UnitInput("u", "de", "Hallo.")]))


def test_language_missing_from_the_model_is_refused(tiny_tagger) -> None:  # noqa: ANN001
    with pytest.raises(ModelError, match="has no 'ko' classifier"):
        list(tiny_tagger.tag([UnitInput("u", "ko", "독도는 우리 땅이다.")]))


@pytest.fixture
def model_copy(tiny_model: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "copy"
    shutil.copytree(tiny_model, dst)
    return dst


def test_missing_model_file(model_copy: Path) -> None:
    (model_copy / "model.skops").unlink()
    with pytest.raises(ModelError, match="model file not found"):
        load_tagger(model_copy)


def test_missing_model_directory(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="model directory not found"):
        load_tagger(tmp_path / "nope")


def test_corrupt_model_file(model_copy: Path) -> None:
    (model_copy / "model.skops").write_bytes(b"not a zip file at all")
    meta = json.loads((model_copy / "metadata.json").read_text("utf-8"))
    meta["sha256"] = __import__("hashlib").sha256(b"not a zip file at all").hexdigest()
    (model_copy / "metadata.json").write_text(json.dumps(meta), "utf-8")
    with pytest.raises(ModelError, match="is corrupt"):
        load_tagger(model_copy)


def test_tampered_model_file(model_copy: Path) -> None:
    data = bytearray((model_copy / "model.skops").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (model_copy / "model.skops").write_bytes(bytes(data))
    with pytest.raises(ModelError, match="does not match the SHA-256"):
        load_tagger(model_copy)


def test_untrusted_types_are_refused(model_copy: Path) -> None:
    import skops.io as sio

    from nlp.model_io import sha256_file

    sio.dump({"en": Path("/etc/passwd")}, model_copy / "model.skops")  # a type nobody reviewed
    meta = json.loads((model_copy / "metadata.json").read_text("utf-8"))
    meta["sha256"] = sha256_file(model_copy / "model.skops")
    (model_copy / "metadata.json").write_text(json.dumps(meta), "utf-8")
    with pytest.raises(ModelError, match="untrusted types"):
        load_tagger(model_copy)


def test_unreadable_metadata(model_copy: Path) -> None:
    (model_copy / "metadata.json").write_text("{broken", "utf-8")
    with pytest.raises(ModelError, match="metadata .* is unreadable"):
        load_tagger(model_copy)


def test_model_keeps_a_copy_of_its_lexicons(tiny_model: Path) -> None:
    from nlp.patterns import PATTERN_DIR, lexicon_files

    meta = load_metadata(tiny_model)
    copies = sorted(p.name for p in (tiny_model / "patterns").iterdir())
    assert copies == sorted(meta["lexicons"]["sha256"]) == [p.name for p in lexicon_files(("en", "ja"))]
    assert all((tiny_model / "patterns" / n).read_bytes() == (PATTERN_DIR / n).read_bytes() for n in copies)


def test_tagger_reads_the_models_lexicons_not_the_repositorys(model_copy: Path) -> None:
    """A gazetteer entry the model's copy lacks is not matched, whatever nlp/patterns/ holds."""
    from nlp.labels import COUNTRIES_KEY
    from nlp.model_io import sha256_file

    text = "Thank you so much, Ambassador Kennedy, for all the dynamic work you have done."
    before = load_tagger(model_copy).nlp("en")(text)
    assert [(s.text, s.label_) for s in before.spans[COUNTRIES_KEY]] == [("Ambassador Kennedy", "US")]
    lexicon = model_copy / "patterns" / "target.en.jsonl"
    rows = [json.loads(line) for line in lexicon.read_text("utf-8").splitlines() if line.strip()]
    for row in rows:
        row["patterns"] = [p for p in row["patterns"] if "kennedy" not in p]
    lexicon.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    meta = json.loads((model_copy / "metadata.json").read_text("utf-8"))
    meta["lexicons"]["sha256"]["target.en.jsonl"] = sha256_file(lexicon)
    (model_copy / "metadata.json").write_text(json.dumps(meta), "utf-8")
    after = load_tagger(model_copy).nlp("en")(text)
    assert [s.text for s in after.spans[COUNTRIES_KEY]] == []


def test_edited_lexicon_of_a_model_is_refused(model_copy: Path) -> None:
    lexicon = model_copy / "patterns" / "nationalist.ja.jsonl"
    lexicon.write_text(lexicon.read_text("utf-8").replace("遺憾", "残念", 1), "utf-8")
    with pytest.raises(ModelError, match="nationalist.ja.jsonl of model tiny was changed after training"):
        load_tagger(model_copy)


def test_missing_lexicon_of_a_model_is_refused(model_copy: Path) -> None:
    (model_copy / "patterns" / "target.en.jsonl").unlink()
    with pytest.raises(ModelError, match="target.en.jsonl of model tiny is missing"):
        load_tagger(model_copy)


def test_model_saved_before_lexicon_copies_reads_the_repository(model_copy: Path) -> None:
    shutil.rmtree(model_copy / "patterns")
    meta = json.loads((model_copy / "metadata.json").read_text("utf-8"))
    del meta["lexicons"]
    (model_copy / "metadata.json").write_text(json.dumps(meta), "utf-8")
    tagger = load_tagger(model_copy)
    assert tagger.lexicon_dir is None
    assert [t.text for t in tagger.tag([UnitInput("u1", "en", "We protest. Thank you.")])] == ["We protest.",
                                                                                                   "Thank you."]


def test_a_corpus_without_a_study_trains_without_the_agreement_section(tmp_path: Path) -> None:
    import shutil

    from nlp.training import train
    from tests.nlp.conftest import TINY_CORPUS

    corpus = tmp_path / "corpus"
    shutil.copytree(TINY_CORPUS, corpus, ignore=shutil.ignore_patterns("reliability"))
    model = train(corpus, tmp_path / "models", version="nostudy", langs=("en", "ja"))
    assert "agreement" not in load_metadata(model)
    assert "Coder agreement" not in (model / "MODEL_CARD.md").read_text("utf-8")


def test_out_of_fold_scores_held_rows_from_the_view_it_is_given() -> None:
    """Each held-out row is scored by a model fitted without its fold; ``scored`` swaps in another
    view of the same rows (bench/source_holdout.py scores bare text that way)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.multioutput import MultiOutputClassifier

    from nlp.training import out_of_fold, statement_folds

    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3))
    Y = np.column_stack([X[:, 0] > 0, X[:, 1] > 0]).astype(int)
    folds = statement_folds(X, Y, [f"doc{i // 3}" for i in range(60)])
    make = lambda: MultiOutputClassifier(LogisticRegression())  # noqa: E731
    own = out_of_fold(make, X, Y, folds)
    assert np.array_equal(own, out_of_fold(make, X, Y, folds, scored=X))
    flipped = out_of_fold(make, X, Y, folds, scored=-X)
    fit_idx, held_idx = folds[0]
    by_hand = make().fit(X[fit_idx], Y[fit_idx]).predict_proba(-X[held_idx])
    assert np.allclose(flipped[held_idx, 0], by_hand[0][:, 1])
    assert np.mean((own > 0.5) == Y) > 0.9 > np.mean((flipped > 0.5) == Y)


def test_out_of_fold_in_worker_processes_gives_the_same_probabilities(monkeypatch: pytest.MonkeyPatch) -> None:
    """Folds fitted in two worker processes give exactly what one process gives."""
    from functools import partial

    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.multioutput import MultiOutputClassifier

    from nlp.training import JOBS_ENV, out_of_fold, statement_folds

    rng = np.random.default_rng(1)
    X = rng.normal(size=(80, 4))
    Y = np.column_stack([X[:, 0] + X[:, 1] > 0, X[:, 2] > 0]).astype(int)
    folds = statement_folds(X, Y, [f"doc{i // 4}" for i in range(80)])
    make = partial(MultiOutputClassifier, LogisticRegression())
    monkeypatch.setenv(JOBS_ENV, "1")
    alone = out_of_fold(make, X, Y, folds)
    monkeypatch.setenv(JOBS_ENV, "2")
    assert np.array_equal(out_of_fold(make, X, Y, folds), alone)
    assert np.mean((alone > 0.5) == Y) > 0.8


def test_train_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    from nlp.training import JOBS_ENV, TrainingError, train_jobs

    monkeypatch.delenv(JOBS_ENV, raising=False)
    assert train_jobs() == 1  # in-process unless asked: the same model bytes as every earlier run
    monkeypatch.setenv(JOBS_ENV, "3")
    assert train_jobs() == 3
    for bad in ("0", "two", "-1", "1.5"):
        monkeypatch.setenv(JOBS_ENV, bad)
        with pytest.raises(TrainingError, match=f"{JOBS_ENV} must be a whole number"):
            train_jobs()


def test_model_version_names_how_text_is_read() -> None:
    """A retrain after a change to the reading (nlp/text.py, the crawlers' normalise_text) must
    get a new version: under the old name it overwrote the model it replaced."""
    from nlp.training import recipe_files

    files = recipe_files()
    names = {p.relative_to(Path(__file__).resolve().parents[2]).as_posix() for p in files}
    assert {"nlp/text.py", "crawlers/items.py", "nlp/features.py", "nlp/configs/ko.cfg"} <= names
    assert any(n.startswith("nlp/components/") for n in names) and any(n.startswith("nlp/patterns/") for n in names)
    assert all(p.is_file() for p in files)
