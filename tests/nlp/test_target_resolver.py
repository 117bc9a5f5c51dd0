"""rdi_target_resolver on spacy.blank pipelines with a small gazetteer."""

from __future__ import annotations

import functools

import pytest
import spacy

import nlp.components  # noqa: F401
from nlp.labels import COUNTRIES_KEY

GAZ = {
    "en": [("JP", "Japan"), ("JP", "Japanese"), ("KR", "Korea"), ("KR", "ROK"), ("US", "United States"),
           ("KP", "North Korea")],
    "ja": [("JP", "日本"), ("JP", "我が国"), ("KR", "韓国"), ("KR", "韓国側"), ("US", "米国"), ("KP", "北朝鮮")],
}


def make(lang: str, self_country: str | None = None):  # noqa: ANN201
    nlp = spacy.blank(lang)
    nlp.add_pipe("sentencizer", config={"punct_chars": [".", "。"]})
    ruler = nlp.add_pipe("span_ruler", name="countries",
                         config={"spans_key": COUNTRIES_KEY, "phrase_matcher_attr": "LOWER" if lang == "en" else "ORTH",
                                 "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"}})
    ruler.add_patterns([{"label": code, "pattern": text, "id": code.lower()} for code, text in GAZ[lang]])
    nlp.add_pipe("rdi_target_resolver", config={"self_country": self_country})
    return nlp


def targets(nlp, text: str, *, context: str | None = None, own: str | None = None):  # noqa: ANN001, ANN201
    doc = nlp.make_doc(text)
    doc._.rdi_context = context
    doc._.rdi_self = own
    doc = nlp(doc)
    return [(s._.rdi_target, s._.rdi_target_source) for s in doc.sents]


def test_named_country_is_the_target() -> None:
    assert targets(make("en"), "We urge Japan to withdraw the claim.") == [("JP", "sentence")]


def test_speaker_country_is_never_the_target() -> None:
    nlp = make("ja", self_country="JP")
    assert targets(nlp, "我が国は韓国側に厳重に抗議した。") == [("KR", "sentence")]
    assert targets(nlp, "我が国の立場は一貫している。") == [(None, None)]


def test_speaker_from_the_unit_overrides_the_config() -> None:
    text = "The ROK government strongly protests Japan's claim."
    assert targets(make("en"), text, own="KR") == [("JP", "sentence")]
    assert targets(make("en"), text, own="JP") == [("KR", "sentence")]


def test_possessor_beats_a_bare_mention() -> None:
    assert targets(make("en"), "Korea rejects Japan's claim.") == [("JP", "sentence")]


def test_two_partners_side_by_side_are_other() -> None:
    assert targets(make("ja", "JP"), "米国、韓国と緊密に連携する。") == [("other", "sentence")]


def test_anaphoric_sentence_takes_the_previous_target() -> None:
    got = targets(make("en"), "North Korea launched a missile. This is a grave provocation.")
    assert got == [("KP", "sentence"), ("KP", "unit")]


def test_answer_without_a_country_takes_the_question_target() -> None:
    got = targets(make("ja", "JP"), "到底受け入れられない。", context="韓国の議員が上陸しましたが、受け止めは。")
    assert got == [("KR", "context")]


def test_first_sentence_without_country_takes_a_later_one() -> None:
    got = targets(make("en"), "This is unacceptable. We protest to Japan.")
    assert got == [("JP", "unit"), ("JP", "sentence")]


@pytest.mark.parametrize("text", ["The weather is fine.", ""])
def test_no_country_no_target(text: str) -> None:
    assert all(t == (None, None) for t in targets(make("en"), text))


def test_government_subject_is_the_speakers_self_reference() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("span_ruler", name="countries",
                         config={"spans_key": COUNTRIES_KEY, "phrase_matcher_attr": "LOWER",
                                 "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"}})
    ruler.add_patterns([{"label": "JP", "pattern": "government of japan", "id": "self_jp"},
                        {"label": "JP", "pattern": "japan", "id": "jp"},
                        {"label": "KR", "pattern": "korea", "id": "kr"}])
    nlp.add_pipe("rdi_target_resolver")

    def first(text: str):  # noqa: ANN202
        doc = nlp(text)
        return next(iter(doc.sents))._.rdi_target

    # The speaker (unknown) refers to itself: the other country named is the target.
    assert first("The Government of Japan has lodged a protest with Korea.") == "KR"
    # Alone, a self-reference names no target.
    assert first("The Government of Japan has requested the removal of the statue.") is None
    # An obligation makes the same phrase the addressee.
    assert first("The Government of Japan should withdraw the claim.") == "JP"
    # Not the subject: an ordinary mention.
    assert first("We urge the Government of Japan to face history.") == "JP"


# --- English resolver rules of the December round (real pipeline: lexicons and gazetteer) ---

@functools.cache
def _rule_nlp(lang: str):  # noqa: ANN202
    from nlp.build import build_nlp

    return build_nlp(lang)


def rule_targets(lang: str, text: str, own: str | None = None, context: str | None = None) -> list[str | None]:
    """Targets per sentence from the real rule stages of ``lang`` (no classifier), speaker ``own``,
    reporter's question ``context``."""
    nlp = _rule_nlp(lang)
    doc = nlp.make_doc(text)
    doc._.rdi_self = own
    doc._.rdi_context = context
    with nlp.select_pipes(disable=["framing", "aim", "severity"]):
        doc = nlp(doc)
    return [s._.rdi_target for s in doc.sents]


@pytest.fixture(scope="module")
def en_rules():  # noqa: ANN201
    return functools.partial(rule_targets, "en")


def test_dotted_and_typographic_names_match(en_rules) -> None:  # noqa: ANN001
    assert en_rules("We thank the U.S. for its support.", own="JP") == ["US"]
    # "Democratic People’s Republic of Korea" (typographic apostrophe) is North Korea, not the ROK.
    assert en_rules("Japan strongly condemns the Democratic People’s Republic of Korea’s launch.", own="JP") == ["KP"]


def test_partners_enumerated_with_articles_are_other(en_rules) -> None:  # noqa: ANN001
    text = "We welcome the announcement by the Governments of Japan and the Republic of Korea."
    assert en_rules(text, own="US") == ["other"]
    # The bracketed abbreviation is the same mention, not a second one.
    assert en_rules("We, the leaders of Japan, the Republic of Korea (ROK), and the United States, met.",
                    own="US") == ["other"]


def test_both_countries_means_the_partner_or_other(en_rules) -> None:  # noqa: ANN001
    assert en_rules("We encourage both countries to continue their dialogue.", own="US",
                    context="How do you view the dispute between Japan and South Korea over Takeshima?") == ["other"]
    assert en_rules("The two countries will deepen exchanges.", own="KR",
                    context="Foreign Minister Kishida of Japan visits Seoul today.") == ["JP"]


def test_adversarial_cues_aim_at_the_adversary_named_beside_partners(en_rules) -> None:  # noqa: ANN001
    text = "The United States, Japan, and the Republic of Korea strongly condemn North Korea's launch."
    assert en_rules(text, own="JP") == ["KP"]
    # Cooperation against the DPRK, with an adversarial cue ("threats"), aims at it: the corpus
    # labels such sentences KP two times in three.
    text = "We will strengthen trilateral cooperation with Japan and the ROK to address North Korea's threats."
    assert en_rules(text, own="US") == ["KP"]
    # Without an adversarial cue, North Korea is only the topic and the partners are the target.
    text = "We will strengthen trilateral cooperation with Japan and the ROK on North Korea."
    assert en_rules(text, own="US") == ["other"]


def test_unknown_english_speaker_from_pairs_and_first_person_subjects(en_rules) -> None:  # noqa: ANN001
    # A government names itself first in a pair compound: "Japan-U.S." is said by Japan.
    assert en_rules("The Japan-U.S. Alliance is the cornerstone of Japan's security.") == ["US"]
    assert en_rules("Japan deeply appreciates the commitment of the United States to the defense of Japan.") == ["US"]
    # An obligation keeps the country as the addressee.
    assert en_rules("Japan should face history squarely.") == ["JP"]


def test_speaker_country_from_hosts_and_officials() -> None:
    from nlp.speakers import country_from_row

    assert country_from_row({"source_url": "https://usun.usmission.gov/remarks"}) == "US"
    assert country_from_row({"source_url": "https://www.korea.net/Government/Briefing-Room"}) == "KR"
    assert country_from_row({"speaker": "Secretary Blinken"}) == "US"
    assert country_from_row({"speaker": "Minister Cho Tae-yul"}) == "KR"
    assert country_from_row({"speaker": "Chief Cabinet Secretary Hayashi"}) == "JP"
    assert country_from_row({"speaker": "a spokesperson"}) is None


def test_unknown_speaker_tie_between_two_partners_is_the_second_named(en_rules) -> None:  # noqa: ANN001
    # Said by one of the two: a government names itself first.
    assert en_rules("Japan and the ROK are important neighbours.") == ["KR"]
    assert en_rules("Korea and Japan are important neighbours.") == ["JP"]
    # A known third speaker keeps the codebook rule: two partners side by side are "other".
    assert en_rules("Japan and the ROK are important neighbours.", own="US") == ["other"]


def test_international_community_beside_a_partner_is_the_setting(en_rules) -> None:  # noqa: ANN001
    text = "We will work with Japan in the international community."
    assert en_rules(text, own="KR") == ["JP"]
    assert en_rules("We will work with the international community.", own="KR") == ["other"]


def test_alliance_without_a_country_is_the_united_states(en_rules) -> None:  # noqa: ANN001
    assert en_rules("Our alliance is stronger than ever.", own="KR") == ["US"]
    # Never the speaker's own country: a US speaker's "our alliance" names no target.
    assert en_rules("Our alliance is stronger than ever.", own="US") == [None]


def test_guessed_speaker_is_used_only_without_direct_evidence() -> None:
    from nlp.build import build_nlp

    nlp = build_nlp("en")

    def run(text: str, guess: str | None, own: str | None = None) -> str | None:
        doc = nlp.make_doc(text)
        doc._.rdi_self = own
        with nlp.select_pipes(disable=["speaker", "framing", "aim", "severity"]):
            doc._.rdi_speaker_guess = guess
            doc = nlp(doc)
        return doc._.rdi_speaker

    assert run("We protest Japan's decision.", "KR") == "KR"
    assert run("We protest Japan's decision.", None) is None
    # A naming claim is direct evidence and outranks the guess ("Takeshima" is Japan's word).
    assert run("Takeshima is an inherent part of our territory.", "KR") == "JP"
    # A known speaker (from the unit id) is never replaced.
    assert run("We protest Japan's decision.", "KR", own="US") == "US"


def test_speaker_text_outranks_the_publishing_host() -> None:
    from nlp.speakers import country_from_row

    # A guest's words in the host's transcript (joint press conference on whitehouse.gov).
    row = {"source_url": "https://obamawhitehouse.archives.gov/the-press-office/2014/04/25/press-conference",
           "speaker": "President Park Geun-hye (Republic of Korea)"}
    assert country_from_row(row) == "KR"
    # A joint statement of several governments: the publisher decides.
    row = {"source_url": "https://www.state.gov/joint-statement", "speaker": "Joint statement of the US, Japanese and ROK foreign ministers"}
    assert country_from_row(row) == "US"


def test_cooperation_against_an_adversary_aims_at_the_adversary() -> None:
    from nlp.build import build_nlp

    nlp = build_nlp("ja")
    text = "北朝鮮の度重なる挑発を強く非難し、米国、韓国と緊密に連携していく。"
    with nlp.select_pipes(disable=["framing", "aim", "severity"]):
        doc = nlp(text)
    cues = {s.label_ for s in doc.spans.get("rdi_cues", [])}
    assert {"nationalist", "conciliatory"} <= cues  # both kinds of wording in one sentence
    assert [s._.rdi_target for s in doc.sents] == ["KP"]


@pytest.mark.parametrize(("lang", "text"), [
    ("ja", "両外相は、引き続き日韓、日韓米で緊密に連携していくことを確認しました。"),
    ("ja", "日米、日米韓の協力は重要であることを確認した。"),
    ("ko", "양 장관은 한일, 한미일 간 긴밀한 공조를 지속해 나가기로 했다."),
])
def test_bilateral_beside_trilateral_in_one_word_is_other(lang: str, text: str) -> None:
    """日米韓 / 한미일 are the three partners as a group, like "trilateral" in English: a sentence
    naming a pair and the trio aims at all three ("other", codebook), not at the pair's partner."""
    assert rule_targets(lang, text, "JP" if lang == "ja" else "KR") == ["other"]


@pytest.mark.parametrize(("lang", "own", "text"), [
    ("ja", "JP", "北朝鮮が弾道ミサイルを発射した。今般の発射は、国際社会全体の安全保障に対する深刻な脅威です。"),
    ("ja", "JP", "北朝鮮が弾道ミサイルを発射した。今回の発射は、関連する国連安保理決議に違反するものであり、極めて遺憾であります。"),
    ("en", "US", "North Korea launched another ballistic missile. "
                 "This launch is a flagrant violation of United Nations Security Council resolutions."),
])
def test_international_setting_of_an_adversarial_sentence_is_not_its_target(lang: str, own: str, text: str) -> None:
    """"A threat to the international community", "violates UN resolutions": the world is the
    setting (or the victim), the adversary of the statement is the target."""
    assert rule_targets(lang, text, own) == ["KP", "KP"]


def test_both_sides_of_a_meeting_with_china_are_china(en_rules) -> None:  # noqa: ANN001
    text = ("Foreign Minister Cho held talks with Chinese Foreign Minister Wang Yi. "
            "The two sides agreed to strengthen strategic communication at various levels.")
    assert en_rules(text, own="KR") == ["CN", "CN"]
    # A partner named in the unit still decides, even when China is named too.
    text = ("The Secretary met Foreign Minister Hayashi and discussed China's coercion. "
            "The two sides agreed to deepen cooperation.")
    assert en_rules(text, own="US")[1] == "JP"


@pytest.mark.parametrize(("lang", "own", "text", "expected"), [
    # 한·미 / 한・일 / bare 한미 are the pair compound as much as 한미 양국.
    ("ko", "KR", "한·미 양국은 긴밀한 공조를 이어 나가기로 했다.", "US"),
    ("ko", "KR", "한・일 외교장관은 긴밀히 소통해 나가기로 했다.", "JP"),
    # The peninsula is where a threat is met, not the country aimed at (a topic, like "missile").
    ("ko", "KR", "우리의 동맹은 한반도에서 변화하는 위협에 맞서 미국과 함께 대응하였다.", "US"),
    ("en", "JP", "We will strengthen our alliance with the United States against threats to the Korean Peninsula.", "US"),
    # Hyphenated pairs (한-중 관계) are pairs too; dotted or hyphenated three-way forms are trilateral,
    # not their first pair; 한-중앙아시아 (Korea-Central Asia) is no 한-중.
    ("ko", "KR", "한-중 관계의 회복과 발전을 기대합니다.", "CN"),
    ("ko", "KR", "한-일 양국은 긴밀히 소통해 나가기로 했다.", "JP"),
    ("ko", "KR", "한·중·일 협력을 활성화하자고 제의했습니다.", "other"),
    ("ko", "KR", "한-중앙아시아 정상회의를 환영합니다.", None),
    ("ja", "JP", "日韓中サミットの開催を歓迎します。", "other"),
    ("en", "US", "We support Japan-DPRK talks on the abduction issue.", "KP"),
])
def test_pair_spellings_and_the_peninsula(lang: str, own: str, text: str, expected: str) -> None:
    assert rule_targets(lang, text, own) == [expected]


@pytest.mark.parametrize("text", [
    "イジェミョン大統領の訪日を心より歓迎します。",
    "パク・クネ大統領との首脳会談を実現したい。",
    "小渕総理と金大中大統領は未来志向の関係を確認した。",
])
def test_korean_presidents_in_katakana_and_kanji_are_korea(text: str) -> None:
    # Japanese texts spell Korean presidents in kanji or in katakana, with or without the dot.
    assert rule_targets("ja", text, own="JP") == ["KR"]


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Premier Li and Foreign Minister Wang received the delegation."),
    ("ja", "習主席との会談では率直な意見交換を行った。"),
    ("ko", "시 주석과의 회담에서 솔직한 의견을 교환했다."),
    ("ko", "왕이 외교부장은 협력 강화를 강조했다."),
])
def test_chinese_leaders_by_title_and_surname_are_china(lang: str, text: str) -> None:
    # Officials name Xi, Li and Wang by surname and title as often as in full.
    assert rule_targets(lang, text, own={"en": "US", "ja": "JP", "ko": "KR"}[lang]) == ["CN"]


@pytest.mark.parametrize(("lang", "own", "text", "expected"), [
    # Russia named beside North Korea in an adversarial sentence: the two adversaries together,
    # or Russia as the actor, are "other" (codebook: two adversaries side by side).
    ("en", "US", "Russia's procurement of ballistic missiles from the DPRK violates multiple Security Council "
                 "resolutions.", "other"),
    ("en", "US", "The two officials condemned the DPRK's transfer of ballistic missiles to Russia and Russia's "
                 "use of these missiles against Ukraine.", "other"),
    ("ko", "KR", "정부는 러북 간 불법 군사협력에 엄중한 우려를 표한다.", "other"),
    ("ja", "JP", "露朝の軍事協力の進展を深刻に懸念し、強く非難する。", "other"),
    # The Northern Territories and Russia's leaders by name are Russia too.
    ("en", "JP", "This visit to Etorofu by Prime Minister Medvedev is incompatible with Japan's position and "
                 "extremely regrettable.", "other"),
    ("ja", "JP", "メドベージェフ首相の択捉島訪問は我が国の立場と相容れず、極めて遺憾だ。", "other"),
    # Without Russia the same wording aims at North Korea.
    ("en", "US", "The DPRK's ballistic missile launch violates multiple Security Council resolutions.", "KP"),
    ("ko", "KR", "정부는 북한의 불법 군사협력에 엄중한 우려를 표한다.", "KP"),
])
def test_russia_weighs_as_an_adversary_in_adversarial_sentences(lang: str, own: str, text: str,
                                                                 expected: str) -> None:
    assert rule_targets(lang, text, own=own) == [expected]


def test_russia_is_a_third_state_not_a_trilateral_setting() -> None:
    from nlp.build import build_nlp

    nlp = build_nlp("en")
    with nlp.select_pipes(enable=["sentencizer", "countries"]):
        doc = nlp("The Russian Federation and Moscow's partners.")
    assert {(s.text, s.id_, s.label_) for s in doc.spans[COUNTRIES_KEY]} == {
        ("Russian Federation", "other_state", "other"), ("Moscow", "other_state", "other")}


@pytest.mark.parametrize(("lang", "own", "text", "expected"), [
    # A third state alone is the target "other" (a statement on relations with Canada or India)…
    ("en", "US", "We value our growing partnership with Australia.", "other"),
    ("ko", "KR", "트뤼도 총리님과 저는 양국 관계 발전에 공감했습니다.", "other"),
    ("ja", "JP", "インドとの協力を一層強化していきます。", "other"),
    ("en", "US", "We are grateful to Qatar and Türkiye for their help.", "other"),
    ("ko", "KR", "정부는 카타르와의 협력을 강화해 나갈 것입니다.", "other"),
    # …but beside a partner or an adversary it is an example, a venue or the one aimed at by China.
    ("ko", "KR", "과거 독일과 프랑스가 갈등을 극복한 것처럼 일본이 역사적 진실을 인정하기를 바랍니다.", "JP"),
    ("en", "JP", "The ministers met in Germany and agreed to deepen Japan-ROK cooperation.", "KR"),
    ("en", "US", "The United States stands with the Philippines against China's coercion in the South China Sea.", "CN"),
    # インド太平洋 (the Indo-Pacific) is a region, not India.
    ("ja", "JP", "米国と共に自由で開かれたインド太平洋を実現していく。", "US"),
])
def test_third_states_answer_only_when_no_other_country_is_named(lang: str, own: str, text: str,
                                                                  expected: str) -> None:
    assert rule_targets(lang, text, own) == [expected]
