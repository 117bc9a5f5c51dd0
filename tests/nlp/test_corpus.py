"""The bundled annotated corpus: schema, provenance, coverage and the statement-level split."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from nlp.corpus import CORPUS_DIR, corpus_files, load_corpus, split_of, statement_key, statement_keys, unit_contexts
from nlp.labels import LABELS, LANGS

ROWS = load_corpus(CORPUS_DIR)
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def test_ids_are_unique() -> None:
    ids = Counter(r["id"] for r in ROWS)
    assert [i for i, n in ids.items() if n > 1] == []


@pytest.mark.parametrize("lang", LANGS)
def test_every_row_has_provenance(lang: str) -> None:
    for r in (r for r in ROWS if r["lang"] == lang):
        assert r["provenance"] in ("quote", "authored"), r["id"]
        if r["provenance"] == "quote":
            assert r["source_url"] and r["source_url"].startswith("http"), r["id"]
            assert r["source_date"] and DATE.match(r["source_date"]), r["id"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_label_has_positives_and_hard_negatives(lang: str) -> None:
    rows = [r for r in ROWS if r["lang"] == lang]
    for label in LABELS:
        assert sum(r[label] for r in rows) >= 20, (lang, label)
    negatives = [r for r in rows if not any(r[k] for k in LABELS)]
    assert len(negatives) >= 50, lang


@pytest.mark.parametrize("lang", LANGS)
def test_target_is_set_exactly_on_framed_rows(lang: str) -> None:
    for r in (r for r in ROWS if r["lang"] == lang):
        framed = r["nationalist"] or r["conciliatory"]
        assert (r["target"] is not None) == bool(framed), r["id"]
        assert r["severity"] in (0, 1, 2, 3) and (r["severity"] == 0 or r["nationalist"]), r["id"]


def test_split_is_by_statement_and_stable() -> None:
    by_doc: dict[str, set[str]] = {}
    for r in ROWS:
        by_doc.setdefault(r["doc_id"], set()).add(r["split"])
    assert all(len(s) == 1 for s in by_doc.values())
    assert split_of("ja-mofa-release-20181022") == split_of("ja-mofa-release-20181022")
    shares = Counter(split_of(f"doc-{i}") for i in range(10_000))
    assert 0.67 < shares["train"] / 10_000 < 0.73
    assert 0.13 < shares["test"] / 10_000 < 0.17


def test_one_statement_filed_under_two_doc_ids_does_not_cross_splits() -> None:
    """The same sentence (ignoring punctuation, spacing and case) of the same date in two splits
    is one statement read from two pages (the ministry's text and a news copy) under two
    `doc_id`s: the test split would then hold sentences the model was trained on."""
    by_sentence: dict[tuple[str, str, str | None], set[str]] = {}
    for r in ROWS:
        key = (r["lang"], re.sub(r"[\W_]+", "", r["text"].lower()), r.get("source_date"))
        by_sentence.setdefault(key, set()).add(r["split"])
    assert [k[1][:40] for k, splits in by_sentence.items() if len(splits) > 1] == []


def test_every_split_has_every_language() -> None:
    have = {(r["lang"], r["split"]) for r in ROWS}
    assert have == {(lang, s) for lang in LANGS for s in ("train", "dev", "test")}


def test_part_files_are_valid_json_lines() -> None:
    for path in corpus_files(CORPUS_DIR):
        for line in path.read_text("utf-8").splitlines():
            assert json.loads(line)["lang"] == path.parent.name


def test_unit_context_is_the_question_or_the_preceding_rows() -> None:
    rows = [
        {"lang": "en", "doc_id": "a", "text": "One.", "context": None},
        {"lang": "en", "doc_id": "a", "text": "Two.", "context": None},
        {"lang": "en", "doc_id": "b", "text": "Three.", "context": "Q?"},
        {"lang": "en", "doc_id": "a", "text": "Four.", "context": None},
        {"lang": "en", "doc_id": None, "text": "Five.", "context": None},
    ]
    assert unit_contexts(rows, window=2) == [None, "One.", "Q?", "One. Two.", None]


def test_rows_without_a_doc_id_are_grouped_by_source_url_and_date() -> None:
    page = "https://www.mofa.go.kr/eng/brd/m_5674/view.do?seq=320000"
    rows = [
        {"lang": "en", "text": "One.", "source_url": page, "source_date": "2024-03-01"},
        {"lang": "en", "text": "Two.", "source_url": page, "source_date": "2024-03-01"},
        {"lang": "en", "text": "Three.", "source_url": page, "source_date": "2024-03-02"},  # the page's next day
        {"lang": "en", "text": "Four.", "source_url": page, "source_date": "2024-03-01", "doc_id": "d"},
        {"lang": "en", "text": "Five."},  # no provenance: alone
        {"lang": "en", "text": "Six."},
    ]
    assert [statement_key(r) for r in rows[:2]] == [f"{page} @ 2024-03-01"] * 2
    assert statement_key(rows[3]) == "d" and statement_key(rows[4]) is None  # a doc_id comes first
    assert unit_contexts(rows) == [None, "One.", None, None, None, None]


def test_a_bare_site_address_or_an_oversized_page_groups_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    site = {"lang": "en", "source_url": "https://www.mofa.go.jp/", "source_date": "2024-03-01"}
    assert statement_key({**site, "text": "One."}) is None
    assert statement_key({**site, "source_url": "https://www.mofa.go.jp/?p=1", "text": "One."})  # a query names a page
    page = {"lang": "en", "source_url": "https://www.mofa.go.jp/press/", "source_date": "2024-03-01"}
    rows = [{**page, "text": f"Row {i}."} for i in range(4)] + [{**page, "text": "Kept.", "doc_id": "d"}]
    monkeypatch.setattr("nlp.corpus.MAX_SOURCE_STATEMENT_ROWS", 3)
    assert statement_keys(rows) == [None] * 4 + ["d"]  # four rows of one page and day: not one statement
    assert statement_keys(rows[:3]) == ["https://www.mofa.go.jp/press/ @ 2024-03-01"] * 3


# ANNOTATION.md §1: the "face history" formula is history in a demand and in a pledge alike.
FACE_HISTORY = re.compile(
    r"squarely fac\w* (up to )?(the )?(history|past)|fac\w* (up to )?(the )?(history|past) squarely"
    r"|fac(e|es|ing) up to (the )?(history|past)|(역사|과거)를\s*(똑바로\s*)?직시|(歴史|過去)を直視",
    re.IGNORECASE,
)


def test_face_history_formula_is_labelled_history() -> None:
    rows = [r for r in ROWS if FACE_HISTORY.search(r["text"])]
    assert len({r["lang"] for r in rows}) == 3 and len(rows) >= 20  # the rule is exercised in every language
    assert [r["id"] for r in rows if not r["history"]] == []
    assert not FACE_HISTORY.search("squarely facing the difficulties in front of us")


# ANNOTATION.md rule 12: a sovereignty assertion over the disputed islands is nationalist, severity 2
# (3 with a threat or "respond firmly"); §1: "the only country to have suffered atomic bombings" is history.
# The speaker's own claim ("our inherent territory"), not the other side's claim quoted (rule 8).
SOVEREIGNTY = re.compile(
    r"(我が国|わが国)固有の領土|우리(의)?\s*고유(의)?\s*영토|대한민국\s*고유의\s*영토"
    r"|(inherent|integral) part of (our|Korea|the Republic of Korea|Korean)|inherent (part of the )?territory of Japan",
    re.IGNORECASE,
)
DISPUTED = re.compile(r"竹島|尖閣|독도|다케시마|센카쿠|Dokdo|Takeshima|Senkaku", re.IGNORECASE)
ONLY_BOMBED = re.compile(r"唯一の戦争被爆国|유일한\s*(원폭\s*)?피폭국|only (country|nation) to have suffered atomic", re.IGNORECASE)


def test_sovereignty_assertions_are_nationalist_severity_two_or_more() -> None:
    rows = [r for r in ROWS if SOVEREIGNTY.search(r["text"]) and DISPUTED.search(r["text"])]
    assert len({r["lang"] for r in rows}) == 3 and len(rows) >= 100
    assert [r["id"] for r in rows if not r["nationalist"] or r["severity"] < 2] == []
    # a near-miss: "integral part" of something else is no claim
    assert not DISPUTED.search("Protecting people is an integral part of the UN Charter.")


def test_only_country_bombed_is_history() -> None:
    rows = [r for r in ROWS if ONLY_BOMBED.search(r["text"])]
    assert len({r["lang"] for r in rows}) >= 2 and len(rows) >= 8
    assert [r["id"] for r in rows if not r["history"]] == []


# ANNOTATION.md rule 14: "all necessary measures" the speaker's own government will take (or consider)
# against another country are a countermeasure, severity 3; measures asked of the other side are not.
OWN_MEASURES = re.compile(
    r"\b(we|I|the (United States|U\.S\.|government|ROKG|Government of Japan)|Japan|the ROK)\b[^.]{0,40}"
    r"\b(will|shall|would)( continue to)? (take|pursue|proceed with) (all )?(the )?necessary (measures|actions|steps)"
    r"|필요한 조치를 (취해 ?나갈|취할|강구할|강구해 ?나갈|다해 ?나가|검토)|必要な措置を(講じ|とって|取って)",
    re.IGNORECASE,
)
MEASURES_ASKED = re.compile(r"\b(urge|call on|calls on|expect|hope|request|ask)\w*|기대|촉구|요구|요청|求め|期待|いただきたい",
                            re.IGNORECASE)


def test_necessary_measures_of_the_own_government_are_severity_three() -> None:
    rows = [r for r in ROWS if r["nationalist"] and OWN_MEASURES.search(r["text"])
            and not MEASURES_ASKED.search(r["text"])]
    assert len({r["lang"] for r in rows}) >= 2 and len(rows) >= 15  # English and Korean carry the formula
    assert [r["id"] for r in rows if r["severity"] != 3] == []
    # a near-miss: the same measures asked of the other government are a demand or a hope
    asked = "일본 측에서 필요한 조치를 취해 나갈 것으로 기대한다"
    assert OWN_MEASURES.search(asked) and MEASURES_ASKED.search(asked)


@dataclass(frozen=True)
class FormulaRule:
    """A codebook formula that must be coded the same way wherever it occurs."""

    rule: str
    pattern: re.Pattern[str]
    selects: Callable[[dict], bool]  # the rows the rule speaks about (with the pattern)
    holds: Callable[[dict], bool]  # what the codebook requires of them
    min_rows: int
    near_misses: tuple[str, ...]  # texts the pattern must not match


NORTH_KOREA = r"(North Korea|DPRK|Pyongyang|North Korean|the North)"
# Adversarial words beside a threat bring rule 13's two labels back (provocations, condemnation, a firm response).
ADVERSARIAL_WORDING = re.compile(
    r"provocat|condemn|illicit|unlawful|illegal|pressure|sanction|countermeasure|firm(ly)?\b|dangerous|destabiliz|unacceptable"
    r"|violat|isolat|tolerate|abandon|give up|resolute|도발|규탄|불법|압박|제재|단호|결연|위반|엄중|강력히|강력하게|단념|挑発|非難|圧力|制裁"
    r"|毅然|違反|断固", re.IGNORECASE)

NOT_GOVERNMENT = re.compile(r"experts|scholars|전문가|학자|有識者|専門家", re.IGNORECASE)  # rule 9 (a)
DOMESTIC_PARTNERS = re.compile(r"지방자치단체|지자체|local governments?|自治体", re.IGNORECASE)  # cooperation at home: no partner

FORMULA_RULES = (
    # rule 13: pressing an adversary while pledging cooperation with partners carries both labels
    FormulaRule(
        "13-respond-firmly-together",
        re.compile(
            r"(국제사회|우방국|동맹국|한미일?|미국|일본)(과|와|간|이)?\s*(긴밀히\s*|긴밀하게\s*|적극\s*)?(공조|협력|연대)(하여|해|하면서)\s"
            r"[^.]{0,40}(단호|강력|엄정)\S*\s*(대응|대처)"
            r"|in close (cooperation|coordination) with [^.]{0,60}\b(respond|deal)"
            r"|(respond|deal)\w* [^.]{0,40}in close (cooperation|coordination) with"
            r"|と緊密に連携(し|して)[^。]{0,40}毅然と",
            re.IGNORECASE,
        ),
        selects=lambda r: bool(r["nationalist"]),
        holds=lambda r: bool(r["conciliatory"]),
        min_rows=8,
        near_misses=("North Korea refused to cooperate and responded with provocations.",),  # cooperation in the rebuke
    ),
    # rule 13: "provocations" is adversarial wording, so cooperating against them carries both labels
    FormulaRule(
        "13-cooperating-against-provocations",
        re.compile(
            r"(North Korea's|North Korean|DPRK's|DPRK|the North's) (continued |repeated |successive |further |strategic )?provocat"
            r"|북한의 (연이은 |계속되는 |추가 |추가적인 |지속적인 )?(핵·?미사일 |미사일 )?도발(에|과|을|에도)"
            r"|北朝鮮(による|の)[^。]{0,20}挑発(行為|行動)",
            re.IGNORECASE,
        ),
        selects=lambda r: bool(r["conciliatory"]),
        holds=lambda r: bool(r["nationalist"]) and r["target"] == "KP",
        min_rows=40,
        near_misses=("We commit to consult on regional challenges, provocations, and threats.",),  # no country named
    ),
    # rule 13: a North Korean threat that the cooperation is to counter is no adversarial wording
    FormulaRule(
        "13-cooperating-against-threats",
        re.compile(
            r"\b(deter\w*|counter\w*|respond\w* to|responses? to|confront\w*|combat\w*|defend\w* against|curb\w*"
            r"|address\w*|face up to|against|overcome|in the face of)\b[^.;]{0,60}(\b" + NORTH_KOREA + r"[’'s]*[^.;]{0,40}"
            r"\bthreats?\b|\bthreats?[^.;]{0,25}\b(from|posed by) (the )?" + NORTH_KOREA + r")"
            r"|(북한|북)[^.]{0,12}위협[^.]{0,16}?(억제|대응|대비|억지|맞서|방어|대처|차단|봉쇄)"
            r"|北朝鮮[^。]{0,12}脅威[をにへ](抑止|対処|対応|対峙|備え)",
            re.IGNORECASE,
        ),
        # cooperation (conciliatory) without adversarial wording; a reassurance to China (THAAD) is aimed at China
        selects=lambda r: bool(r["conciliatory"]) and r["target"] != "CN" and not ADVERSARIAL_WORDING.search(r["text"]),
        holds=lambda r: not r["nationalist"] and r["target"] != "KP",
        min_rows=40,
        near_misses=("The two sides discussed the threats posed by climate change.",),  # no North Korea
    ),
    # rule 7: a talk whose subject is building the relationship or the cooperation is conciliatory
    FormulaRule(
        "7-talks-about-building-the-cooperation",
        re.compile(
            r"\b(discuss(ed)?|exchanged views on) (ways|how|measures) to (further )?(strengthen|enhance|deepen|expand|develop"
            r"|advance|bolster|upgrade)[^.]{0,30}\b(alliance|cooperation|partnership|relations(hip)?|ties)\b"
            r"|(동맹|협력|관계)\S{0,2}\s*(강화|발전|증진|심화)\s*방안\S{0,3}\s*(을|를|에 대해|에 관해|관련)?\s*"
            r"(폭넓게\s*|심도\s*있게\s*|집중적으로\s*)?(논의|협의)"
            r"|(関係|協力|同盟)の(強化|発展|深化)(に向けた[^。]{0,10})?(について|に関して)[^。]{0,10}(意見交換|議論|協議)",
            re.IGNORECASE,
        ),
        selects=lambda r: (not r["nationalist"] and not NOT_GOVERNMENT.search(r["text"])
                           and not DOMESTIC_PARTNERS.search(r["text"])),
        holds=lambda r: bool(r["conciliatory"]) and r["target"] is not None,
        min_rows=15,
        near_misses=(  # a talk on issues, however in-depth, stays a fact
            "The two ministers had an in-depth discussion on the situation on the Korean Peninsula.",
            "양 장관은 한일 관계 전반에 대해 심도 있게 의견을 교환했다.",
        ),
    ),
)


@pytest.mark.parametrize("formula", FORMULA_RULES, ids=lambda f: f.rule)
def test_codebook_formula_is_coded_the_same_in_every_language(formula: FormulaRule) -> None:
    rows = [r for r in ROWS if formula.selects(r) and formula.pattern.search(r["text"])]
    assert len({r["lang"] for r in rows}) == 3 and len(rows) >= formula.min_rows
    assert [r["id"] for r in rows if not formula.holds(r)] == []
    assert [t for t in formula.near_misses if formula.pattern.search(t)] == []


DOKDO_DRILL = re.compile(r"독도\s*방어\s*훈련|영토\s*수호\s*훈련|territory protection exercise|竹島防[衛御]訓練|東海領土守護訓練",
                         re.IGNORECASE)
DOKDO_RESOLVE = re.compile(r"독도[^.。]{0,12}수호\s*의지|독도를 비롯한[^.。]{0,12}수호\s*의지")


def test_the_dokdo_drill_is_territory_and_a_resolve_to_defend_it_is_nationalist() -> None:
    """Codebook rule 12: the drill's names carry territory; a stated resolve to defend Dokdo is sev 2."""
    drill = [r for r in ROWS if DOKDO_DRILL.search(r["text"])]
    assert len({r["lang"] for r in drill}) == 3 and len(drill) >= 10
    assert [r["id"] for r in drill if not r["territory"]] == []
    resolve = [r for r in ROWS if DOKDO_RESOLVE.search(r["text"])]
    assert len(resolve) >= 3
    assert [r["id"] for r in resolve if not r["nationalist"] or r["severity"] != 2 or r["target"] != "JP"] == []
    # near-misses: the sea in a place name is no drill, and guarding the island is no resolve
    assert not DOKDO_DRILL.search("동해안 해상 훈련을 실시했다")
    assert not DOKDO_RESOLVE.search("우리 군이 독도 영해와 영공을 수호하고 있다")


SEA_NAME_CLAIM = re.compile(
    r"国際的に確立(?:した|された)唯一の(?:呼称|名称)"
    r"|동해[’']?\s?(?:표기|명칭)의?\s?(?:역사적\s|국제적,?\s?역사적\s)?(?:정당성|합리성)"
    r"|only (?:internationally )?established name|only name that has been (?:internationally )?established")


def test_a_claim_that_a_sea_name_is_the_only_legitimate_one_is_nationalist() -> None:
    """Codebook rule 12, naming claims: asserting the own name of the sea as the only or legitimate one
    is nationalist, severity 2 (a plan to spread a name's use, or a report of who uses it, is not)."""
    claims = [r for r in ROWS if SEA_NAME_CLAIM.search(r["text"])]
    assert len({r["lang"] for r in claims}) == 3 and len(claims) >= 15
    assert [r["id"] for r in claims if not r["nationalist"] or r["severity"] != 2] == []
    assert not SEA_NAME_CLAIM.search("정부는 동해 표기 확산을 위해 지속 노력해 나갈 것")
    assert not SEA_NAME_CLAIM.search("The U.S. Board on Geographic Names' standard name is the Sea of Japan.")


# The sea as a place: where a missile fell, a coast, a railway line, a fishing ground.
SEA_AS_PLACE = re.compile(
    r"동해(?:상|안|선|\s?해상|\s?바다|\s?어장|\s?먼바다|\s?(?:중부|남부|북부))"
    r"|日本海(?:上|側|沿岸|中部|に落下|へ)"
    r"|\b(?:into|in|over|off|across|towards?) the (?:East Sea|Sea of Japan)\b", re.IGNORECASE)
# What makes such a sentence territory all the same: the island, or the dispute over the name.
ISLAND_OR_NAME = re.compile(  # the island, the naming dispute, or the Dokdo drill's names (rule 12)
    r"독도|竹島|Dokdo|Takeshima|Liancourt|표기|명칭|呼称|名称|\bnam(?:e|ing)\b|designation|영토\s?수호\s?훈련",
    re.IGNORECASE)


def test_a_sea_named_as_a_place_is_not_territory() -> None:
    """Codebook §1: 동해 / 日本海 / "the East Sea" as a plain place name (a launch "into the East Sea",
    the east coast, the 동해선 railway) is not territory; only the island or the naming dispute in
    the same sentence makes it territory."""
    places = [r for r in ROWS if SEA_AS_PLACE.search(r["text"])]
    assert len({r["lang"] for r in places}) == 3 and len(places) >= 60
    assert [r["id"] for r in places if r["territory"] and not ISLAND_OR_NAME.search(r["text"])] == []
    # near-misses: a naming claim is no place name, and a place name is no island
    assert not SEA_AS_PLACE.search("동해 표기의 정당성을 알려 나가겠다")
    assert SEA_AS_PLACE.search("북한이 동해상으로 탄도미사일을 발사했다")
    assert not ISLAND_OR_NAME.search("북한이 동해상으로 탄도미사일을 발사했다")
    assert ISLAND_OR_NAME.search("오후에 영토수호훈련을 동해상에서 실시했다")


# Courtesy to the officers of a UN body: a tribute, thanks or congratulations to the (Under-, Assistant)
# Secretary-General, the High Commissioner or the President of the General Assembly or the Council. A
# "Secretary General" named as someone other than a UN Secretary-General (Japan's National Security
# Secretariat, NATO) is no UN officer.
COURTESY_TO_UN_OFFICERS = re.compile(
    r"\b(?:tribute|thank\w*|appreciation|grateful|gratitude|congratulat\w*)\b[^.]{0,40}\b(?:the )?"
    r"(?:Secretary[- ]General(?!\s+(?!António|Antonio|Guterres|Ban|Kofi|Annan)(?-i:[A-Z][a-z]+))|High Commissioner"
    r"|President of the (?:General Assembly|Human Rights Council))\b"
    r"|(?:사무총장|총회\s*의장|고등판무관)\S{0,3}[^.]{0,40}(?:경의|감사|축하)"
    r"|(?:事務総長|総会議長|高等弁務官)[^。]{0,40}(?:敬意|感謝|祝意|お祝い)", re.IGNORECASE)
PRAISE_OF_THE_BODY = re.compile(r"\bcommend|치하|높이 평가|評価", re.IGNORECASE)


def test_courtesy_to_the_officers_of_a_un_body_is_not_framing() -> None:
    """Codebook §1, courtesy boundary (a): a tribute to the Secretary-General or the High Commissioner
    for their dedication is procedural courtesy, however warm; praise of the body itself ("commends
    the leadership of the Human Rights Council") is conciliatory, target other."""
    rows = [r for r in ROWS if COURTESY_TO_UN_OFFICERS.search(r["text"]) and not PRAISE_OF_THE_BODY.search(r["text"])
            and not r["nationalist"]]
    assert len({r["lang"] for r in rows}) >= 2 and len(rows) >= 20
    assert [r["id"] for r in rows if r["conciliatory"]] == []
    # near-misses: thanks to a member's leader, and praise of the body, are not courtesy to its officers
    assert not COURTESY_TO_UN_OFFICERS.search("Thank you, Mr. President, for your warm welcome.")
    assert PRAISE_OF_THE_BODY.search("My government commends the leadership of the Human Rights Council.")
    assert COURTESY_TO_UN_OFFICERS.search("I also pay tribute to Secretary-General António Guterres for his dedication.")
    assert not COURTESY_TO_UN_OFFICERS.search(
        "Mr. Sullivan also congratulated Secretary General Akiba on Japan’s successful hosting of the Olympic Games.")
    assert COURTESY_TO_UN_OFFICERS.search("We thank the Secretary-General for his report.")


TRADE_BLAME = re.compile(r"unfair trade (?:practice|polic)|ripp(?:ed|ing) (?:us )?off|\bnon.?reciprocal", re.IGNORECASE)


def test_trade_blame_aimed_at_a_country_is_nationalist() -> None:
    """Codebook rule 15: blame aimed at a country's trade ("unfair trade practices", "ripped us
    off", "non-reciprocal") is nationalist, however the rest of the sentence reads; the target comes
    from the statement (`other` for boilerplate about trading partners in general)."""
    rows = [r for r in ROWS if r["lang"] == "en" and TRADE_BLAME.search(r["text"])]
    assert len(rows) >= 10
    assert [r["id"] for r in rows if not r["nationalist"]] == []
    assert all(r["target"] for r in rows)
    # near-misses: the same words about an earthquake or a fair deal are not trade blame
    assert not TRADE_BLAME.search("A devastating earthquake had ripped through Japan.")
    assert not TRADE_BLAME.search("The two sides agreed on fair and reciprocal trade.")
    assert TRADE_BLAME.search("They are so spoiled from having ripped us off for 30, 40 years.")


def test_corpus_unit_ids_finds_every_named_unit_and_notices_a_changed_file(tmp_path: Path) -> None:
    import json
    import os

    from nlp.corpus import corpus_unit_ids

    part = tmp_path / "ko" / "part-0001.jsonl"
    part.parent.mkdir()
    rows = [{"doc_id": "d1", "text": "독도", "unit_id": "kr_mofa:1"},
            {"doc_id": "d2", "text": "독도는 우리 땅"},
            '{"doc_id": "d3", "\\u0075nit_id": "kr_mofa:3"}']  # a key spelt with an escape
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
    part.write_text("\ufeff" + "\n".join(lines) + "\n", "utf-8")
    assert corpus_unit_ids(tmp_path) == {"kr_mofa:1", "kr_mofa:3"}
    part.write_text(part.read_text("utf-8") + json.dumps({"doc_id": "d4", "unit_id": "kr_mofa:4"}) + "\n", "utf-8")
    os.utime(part, ns=(1, 1))  # a new size and time: read again, not the answer kept for the process
    assert corpus_unit_ids(tmp_path) == {"kr_mofa:1", "kr_mofa:3", "kr_mofa:4"}
    assert corpus_unit_ids() == {str(r["unit_id"]) for r in ROWS if r.get("unit_id")}
