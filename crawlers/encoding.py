"""Decode response bytes the way the publishers actually serve them.

Order: BOM (unambiguous, wins as in the WHATWG rule) → HTTP ``Content-Type`` charset →
XML declaration / ``<meta charset>`` / ``http-equiv`` → charset-normalizer → UTF-8 with
replacement. Each declared charset is only accepted if the bytes decode strictly with it, so a
wrong header (an EUC-KR page served as UTF-8, a feed that switched encodings) falls through to
the next clue. Legacy East Asian labels are widened to the codecs browsers really use:
EUC-KR → CP949, Shift_JIS → CP932.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_ALIASES = {
    "euc-kr": "cp949", "euckr": "cp949", "ks_c_5601-1987": "cp949", "ks_c_5601": "cp949",
    "x-windows-949": "cp949", "ksc5601": "cp949", "windows-949": "cp949", "uhc": "cp949",
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932",
    "ms_kanji": "cp932", "windows-31j": "cp932", "csshiftjis": "cp932",
    "euc-jp": "euc_jis_2004", "x-euc-jp": "euc_jis_2004",
    "iso-8859-1": "cp1252", "latin-1": "cp1252", "us-ascii": "utf-8", "ascii": "utf-8",
    "utf8": "utf-8", "unicode": "utf-8",
}
_SINGLE_BYTE = frozenset({"cp1252", "latin-1", "iso8859-1", "iso8859-15"})
_HEADER_CHARSET = re.compile(rb"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)[\"']", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)

# Spaces the sites use inside text: ideographic, no-break, thin, zero-width.
_ODD_SPACES = dict.fromkeys(map(ord, "\u3000\xa0\u2002\u2003\u2009\u200a\u202f\u205f"), " ")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\u2060"), None)


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, with the encoding used and where the choice came from."""

    text: str
    encoding: str
    source: str  # bom | header | declared | detected | fallback


def normalise_codec(label: str | bytes | None) -> str | None:
    """Python codec for a charset label (with the CP949/CP932 widening); None if unknown."""
    if not label:
        return None
    name = (label.decode("ascii", "ignore") if isinstance(label, bytes) else label).strip().lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _strict(body: bytes, codec: str | None) -> str | None:
    if not codec:
        return None
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_body(body: bytes, content_type: str | bytes | None = None) -> Decoded:
    """Decode page or feed bytes (see module docstring for the order of clues)."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            text = body[len(bom):].decode(codec, "replace")
            return Decoded(text, codec, "bom")
    header_codec = None
    if content_type:
        ct = content_type if isinstance(content_type, bytes) else content_type.encode("latin-1", "ignore")
        if m := _HEADER_CHARSET.search(ct):
            header_codec = normalise_codec(m.group(1))
    # A single-byte western header decodes any bytes, so it is a weak clue: ask the page first.
    weak = header_codec in _SINGLE_BYTE
    if header_codec and not weak and (text := _strict(body, header_codec)) is not None:
        return Decoded(text, header_codec, "header")
    head = body[:4096]
    for rx in (_XML_DECL, _META_CHARSET):
        if m := rx.search(head):
            codec = normalise_codec(m.group(1))
            if (text := _strict(body, codec)) is not None:
                return Decoded(text, codec or "", "declared")
    if weak and (text := _strict(body, "utf-8")) is None and (text := _strict(body, header_codec)) is not None:
        return Decoded(text, header_codec or "", "header")
    if (text := _strict(body, "utf-8")) is not None:
        return Decoded(text, "utf-8", "detected")
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(body, cp_isolation=["cp949", "cp932", "euc_jis_2004", "utf_8", "cp1252"]).best()
    except Exception:  # noqa: BLE001 - detection is best effort
        best = None
    if best is not None:
        codec = normalise_codec(best.encoding) or best.encoding
        return Decoded(body.decode(codec, "replace"), codec, "detected")
    return Decoded(body.decode("utf-8", "replace"), "utf-8", "fallback")


def clean_text(text: str) -> str:
    """NFKC (full-width digits/letters to ASCII), odd spaces to spaces, zero-width removed."""
    return unicodedata.normalize("NFKC", text.translate(_ZERO_WIDTH).translate(_ODD_SPACES))


def strip_declaration(text: str) -> str:
    """Drop an XML encoding declaration (lxml refuses a str that still declares one)."""
    return re.sub(r"^\s*<\?xml[^>]*\?>", "", text, count=1)
