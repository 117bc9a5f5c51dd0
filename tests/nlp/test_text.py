"""nlp.text: the text the tagger reads, and that the tagger reads every spelling of it alike."""

from __future__ import annotations

import unicodedata

import pytest

from nlp.features import classifier_text, unquoted
from nlp.tagger import UnitInput
from nlp.text import read_text, tagger_text


@pytest.mark.parametrize(("lang", "raw", "read"), [
    ("en", "We strongly\u00a0protest\u3000this.", "We strongly protest this."),
    ("en", "ＪＡＰＡＮ’s claim to Takeshima", "JAPAN's claim to Takeshima"),
    # typographic quotes read as ASCII; corner brackets stay
    ("en", "“Japan‘s” „claim‟ ‚to‛ Dokdo", "\"Japan's\" \"claim\" 'to' Dokdo"),
    ("ko", "‘최악’이라고까지 불리는 “엄중한” 상황", "'최악'이라고까지 불리는 \"엄중한\" 상황"),
    ("ja", "「竹島」は“日本固有の領土”", "「竹島」は\"日本固有の領土\""),
    ("en", "We strongly\r\nprotest\n\n this decision.", "We strongly protest this decision."),
    ("ja", "日本政府に対し強く\n抗議した。\n\n竹島は日本固有の領土である。", "日本政府に対し強く抗議した。竹島は日本固有の領土である。"),
    ("ja", "ＵＮ\n安保理の決議", "UN 安保理の決議"),  # NFKC first: ASCII then joins with a space
    ("ko", "일본 정부에\n강력히 항의한다.", "일본 정부에 강력히 항의한다."),
    ("ko", "  ", ""),
    ("en", "Japan&#39;s claim&nbsp;to Dokdo &amp; R&D, AT&T &copy", "Japan's claim to Dokdo & R&D, AT&T &copy"),
    # joining dashes read as "-"; the em dash and the horizontal bar set off clauses and stay
    ("en", "the U.S.\u2013Japan\u2011ROK summit \u2014 a first", "the U.S.-Japan-ROK summit \u2014 a first"),
    ("ko", "한\u2013중 관계와 남\u2010북 대화 \u2015 그리고", "한-중 관계와 남-북 대화 \u2015 그리고"),
    ("en", "1950\u20121953, minus \u22123", "1950-1953, minus -3"),
    # HTML tags left in: one that breaks a line reads as a line break, one inside a line as nothing;
    # Korean title brackets and a lone "<" are not tags
    ("en", "<p>Japan <strong>strongly</strong><br>protests <a href=\"/x\">this</a>.</p>",
     "Japan strongly protests this."),
    ("ja", "<p>竹島は<BR/>日本固有の<span class=\"x\">領土</span>である。</p>", "竹島は日本固有の領土である。"),
    ("ko", "<제77주년 국군의 날>과 <AI 글로벌 포럼><br>독도는 우리 땅",
     "<제77주년 국군의 날>과 <AI 글로벌 포럼> 독도는 우리 땅"),
    # half-width katakana with their voicing marks read as the full-width syllables
    ("ja", "ｶﾞﾊﾟﾜｰﾙﾄﾞｶｯﾌﾟ", "ガパワールドカップ"),
    ("en", "a < b and b<c", "a < b and b<c"),
])
def test_tagger_text(lang: str, raw: str, read: str) -> None:
    assert tagger_text(raw, lang) == read


def test_offsets_point_into_the_source() -> None:
    source = "  日本政府に\u3000強く\n抗議した。\n\n㍻の①\u200b件 "
    reading = read_text(source, "ja")
    assert reading.text == "日本政府に 強く抗議した。平成の1件"
    assert len(reading.starts) == len(reading.ends) == len(reading.text)
    at = reading.text.index("強く抗議")
    start, end = reading.source_span(at, at + 4)
    assert source[start:end] == "強く\n抗議"
    start, end = reading.source_span(reading.text.index("平成"), len(reading.text))
    assert source[start:end] == "㍻の①\u200b件"
    assert reading.source_span(0, len(reading.text)) == (2, len(source) - 1)
    assert reading.source_span(3, 3) == (reading.starts[3],) * 2


def test_decomposed_korean_is_composed() -> None:
    """Text saved on macOS often comes as conjoining jamo (NFD); it must read as the syllables."""
    import unicodedata

    source = unicodedata.normalize("NFD", "독도는 우리 땅")
    reading = read_text(source, "ko")
    assert reading.text == "독도는 우리 땅"
    assert reading.source_span(0, 2) == (0, len(unicodedata.normalize("NFD", "독도")))


def test_reading_is_idempotent() -> None:
    once = tagger_text("日本政府に\u3000強く\n抗議。\nＯＫ", "ja")
    assert tagger_text(once, "ja") == once


def test_tagger_reads_every_spelling_alike(tiny_tagger) -> None:  # noqa: ANN001
    """A no-break space, full-width letters, a line break inside a sentence, typographic quotes or HTML
    tags do not change its scores (before nlp.text, "&nbsp;" alone cut the shipped model's English history F1 from .90 to .65)."""
    plain = "Japan must stop its unjust claim to Dokdo and we strongly protest Japan's \"decision\"."
    spellings = [plain, plain.replace(" ", "\u00a0"), plain.replace("Japan", "Ｊａｐａｎ"), plain.replace(" we ", "\nwe "),
                 plain.replace("'", "\u2019").replace(' "', " \u201c").replace('".', "\u201d."),
                 "<p>" + plain.replace(" we ", "<br>we ").replace("strongly", "<strong>strongly</strong>") + "</p>"]
    tags = [list(tiny_tagger.tag([UnitInput(unit_id=f"u{i}", lang="en", text=t)])) for i, t in enumerate(spellings)]
    probs = [[(t.p_history, t.p_territory, t.p_nationalist, t.p_conciliatory, t.target) for t in unit] for unit in tags]
    assert all(p == probs[0] for p in probs[1:])
    for text, unit in zip(spellings, tags, strict=True):  # sentences keep the unit's own characters
        assert [t.text for t in unit] == [text[t.start:t.end] for t in unit]
        tagged = text.removeprefix("<p>").removesuffix("</p>")  # a tag at either end is not the sentence's
        assert (unit[0].start, unit[-1].end) == (text.index(tagged), text.index(tagged) + len(tagged))


def test_html_tags_map_to_their_source() -> None:
    """A file copied from a page's source keeps its tags ("<br>", "<strong>"); the tagger read them as
    words (a row's flags or target changed up to 15 % of the time) and must point past them."""
    source = "<p>Japan <strong>strongly</strong><br>protests.</p>"
    reading = read_text(source, "en")
    assert reading.text == "Japan strongly protests."
    at = reading.text.index("strongly")
    assert source[slice(*reading.source_span(at, at + len("strongly")))] == "strongly"
    at = reading.text.index("protests")
    assert source[slice(*reading.source_span(at - 1, len(reading.text)))] == "<br>protests."
    assert reading.source_span(0, len(reading.text)) == (3, len(source) - len("</p>"))


def test_character_references_map_to_their_source() -> None:
    source = "Japan&#x2019;s claim&nbsp;to Dokdo"
    reading = read_text(source, "en")
    assert reading.text == "Japan's claim to Dokdo"
    at = reading.text.index("'s claim to")
    start, end = reading.source_span(at, at + len("'s claim to"))
    assert source[start:end] == "&#x2019;s claim&nbsp;to"


@pytest.mark.parametrize(("text", "read"), [
    ("“We will work together with Japan.”", "We will work together with Japan."),
    ("「竹島は日本固有の領土である」", "竹島は日本固有の領土である"),
    ("“Peace,” he said, “is our goal.”", "“Peace,” he said, “is our goal.”"),  # two quotes, not one
    ("‘It’s time’", "‘It’s time’"),  # an apostrophe, not a closing quote
    ("“", "“"),
    ('"We will work together with Japan."', "We will work together with Japan."),
    ("'We will work together.'", "We will work together."),
    ("'It's time'", "'It's time'"),  # an apostrophe, not a closing quote
])
def test_a_sentence_quoted_whole_reads_without_its_quote_marks(text: str, read: str) -> None:
    assert unquoted(text) == read


@pytest.mark.parametrize(("text", "read"), [
    ("We strongly protest.", "We strongly protest"),
    ("竹島は日本固有の領土である。", "竹島は日本固有の領土である"),
    ("유감을 표명한다.", "유감을 표명한다"),
    ('"We will work together with Japan."', "We will work together with Japan"),
    ("Will Japan respond?", "Will Japan respond?"),  # a question stays one
    ("We will see...", "We will see..."),
    (".", "."),
])
def test_classifiers_read_a_sentence_without_its_final_full_stop(text: str, read: str) -> None:
    assert classifier_text(text) == read


def test_korean_middle_dots_do_not_end_sentences() -> None:
    """"역사적․지리적" (U+2024) read as NFKC alone gave "역사적.지리적", three sentences."""
    from nlp.build import build_nlp

    text = "역사적\u2024지리적\u2024국제법적으로 명백한 우리 고유의 영토인 독도에 대한 주장을 규탄한다."
    nlp = build_nlp("ko")
    with nlp.select_pipes(enable=["sentencizer"]):
        doc = nlp(tagger_text(text, "ko"))
    assert len(list(doc.sents)) == 1
    reading = read_text("한\u318d미\u318d일 정상회의", "ko")
    assert reading.text == "한·미·일 정상회의"
    assert reading.source_span(0, 5) == (0, 5)


def test_quote_marks_are_read_without_an_offset_table() -> None:
    """The common case of stored text (typographic quotes, nothing else to map) stays on the fast
    path: reading it through the character-by-character path cost English 13 % of its tagging rate."""
    source = "We reject Japan’s “claim” to Dokdo."
    reading = read_text(source, "en")
    assert reading.text == "We reject Japan's \"claim\" to Dokdo." and reading.starts is None
    at = reading.text.index("Japan's")
    assert source[slice(*reading.source_span(at, at + len("Japan's")))] == "Japan’s"
    slow = read_text(source + "\u00a0", "en")  # a no-break space takes the other path: same reading
    assert slow.text == reading.text and slow.starts is not None


def test_text_already_read_keeps_no_offset_table() -> None:
    source = "We strongly protest the decision. 日本政府に抗議した。"
    reading = read_text(source, "en")
    assert reading.text == source and reading.starts is None
    assert reading.source_span(3, 11) == (3, 11)
    assert reading.source_span(5, 99) == (5, len(source))


@pytest.mark.parametrize(("lang", "raw", "read"), [
    ("ko", "독도(獨島)는 대한민국 고유의 영토이다.", "독도는 대한민국 고유의 영토이다."),
    ("ko", "하야시 요시마사(林芳正) 장관은 3.1（三一）절을 언급했다.", "하야시 요시마사 장관은 3.1절을 언급했다."),
    ("ja", "竹島（たけしま）は日本固有の領土である。", "竹島は日本固有の領土である。"),
    ("ja", "尹（ﾕﾝ）大統領と会談した。", "尹大統領と会談した。"),  # half-width kana read full-width first
    # a bracket that says something else stays
    ("ko", "(사진) 독도 전경", "(사진) 독도 전경"),
    ("ko", "북한(조선민주주의인민공화국)의 도발", "북한(조선민주주의인민공화국)의 도발"),
    ("ja", "尖閣諸島（沖縄県）の領空を侵犯した。", "尖閣諸島(沖縄県)の領空を侵犯した。"),
    ("ja", "次の措置（ア）を講じる。", "次の措置(ア)を講じる。"),
    ("en", "Dokdo (獨島) is a name.", "Dokdo (獨島) is a name."),
])
def test_a_gloss_after_a_word_reads_as_nothing(lang: str, raw: str, read: str) -> None:
    """A page glosses a name on first mention: Korean hanja "독도(獨島)", a Japanese kana reading
    "竹島（たけしま）". The classifiers read the gloss as other characters (with the shipped model,
    glossing the test split's Korean rows changed .05 of them and Korean nationalist F1 fell .028),
    in crawled text as in an outside file's rows."""
    reading = read_text(raw, lang)
    assert reading.text == read
    assert tagger_text(read, lang) == read
    for i, char in enumerate(reading.text):  # each character points at its own source, past the gloss
        assert unicodedata.normalize("NFKC", raw[slice(*reading.source_span(i, i + 1))]) == char


def test_the_tagger_reads_a_glossed_unit_as_the_plain_one(tiny_tagger) -> None:  # noqa: ANN001
    """Crawled text keeps a page's glosses; its scores are those of the text without them, and its
    sentences keep the unit's own characters."""
    plain = "竹島は日本固有の領土である。韓国側に強く抗議した。"
    glossed = plain.replace("竹島", "竹島（たけしま）").replace("韓国側", "韓国（かんこく）側")
    tags = [list(tiny_tagger.tag([UnitInput(unit_id=f"u{i}", lang="ja", text=t)]))
            for i, t in enumerate((plain, glossed))]
    probs = [[(t.p_history, t.p_territory, t.p_nationalist, t.p_conciliatory, t.target) for t in unit] for unit in tags]
    assert probs[0] == probs[1]
    assert [glossed[t.start:t.end] for t in tags[1]] == ["竹島（たけしま）は日本固有の領土である。",
                                                           "韓国（かんこく）側に強く抗議した。"]
