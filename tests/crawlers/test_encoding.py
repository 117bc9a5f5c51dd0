"""crawlers.encoding: bytes → text by BOM, header, declaration, detection; EUC-KR/CP949 and Shift_JIS."""

from __future__ import annotations

from crawlers.discovery import feed_entries
from crawlers.dates import KST
from crawlers.encoding import clean_text, decode_body

KO = "대변인 정례브리핑에서 외교부는 독도가 역사적·지리적·국제법적으로 명백한 우리 고유의 영토임을 밝혔다."
JA = "竹島は、歴史的事実に照らしても、かつ国際法上も明らかに日本固有の領土です。令和８年８月１２日"


def test_euc_kr_without_any_declaration():
    assert decode_body(KO.encode("euc-kr")).text == KO


def test_cp949_extension_characters():
    text = "똠방각하 펲시콜라 " + KO  # characters outside EUC-KR proper, inside CP949
    assert decode_body(text.encode("cp949"), "text/html; charset=euc-kr").text == text


def test_shift_jis_without_any_declaration():
    assert decode_body(JA.encode("shift_jis")).text == JA


def test_shift_jis_meta_charset():
    body = b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"></head><body>' + JA.encode("cp932")
    assert JA in decode_body(body).text


def test_cp932_only_characters():
    text = "①髙木氏の件 " + JA
    assert decode_body(text.encode("cp932"), "text/html; charset=shift_jis").text == text


def test_utf8_bom_wins():
    assert decode_body("\ufeff<rss>日本</rss>".encode("utf-8"), "text/xml; charset=euc-kr").encoding == "utf-8"


def test_wrong_header_falls_through():
    assert decode_body(KO.encode("utf-8"), "text/html; charset=EUC-KR").text == KO


def test_latin1_header_does_not_garble_utf8():
    assert decode_body(JA.encode("utf-8"), "text/html; charset=ISO-8859-1").text == JA


def test_xml_declaration_euc_kr_feed():
    xml = f'<?xml version="1.0" encoding="EUC-KR"?><rss version="2.0"><channel><item><title>{KO[:12]}</title><link>https://www.mofa.go.kr/www/brd/m_4080/view.do?seq=1</link></item></channel></rss>'
    entries = feed_entries(decode_body(xml.encode("euc-kr"), "application/rss+xml").text, "https://www.mofa.go.kr/", KST)
    assert entries[0].title == KO[:12].strip()


def test_normalisation_full_width_and_spaces():
    assert clean_text("令和８年\u3000８月\xa0１２日\u200b") == "令和8年 8月 12日"
