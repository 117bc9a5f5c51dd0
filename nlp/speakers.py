"""The speaking government's country, from what a unit carries (unit id, source URL, speaker).

Production unit ids start with the source id (``jp_…``, ``kr_…``, ``us_…``; brief contract 2), so
the speaker's country is known even for English text. Labelled rows (corpus, evaluation files)
carry ``source_url`` and ``speaker`` instead.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

_PREFIX = {"jp": "JP", "kr": "KR", "us": "US"}
_HOSTS = {
    "JP": ("go.jp", "kantei.go.jp", "mofa.go.jp", "japan.kantei.go.jp"),
    "KR": ("go.kr", "korea.kr", "president.go.kr", "korea.net"),
    "US": ("state.gov", "whitehouse.gov", "defense.gov", "usembassy.gov", "war.gov", "archives.gov",
           "usmission.gov", "ustr.gov", "treasury.gov", "commerce.gov", "mil", "presidency.ucsb.edu"),
}
_SPEAKER_HINTS = {
    "JP": ("japan", "日本", "内閣", "外務", "官房", "総理", "防衛大臣", "防衛省"),
    "KR": ("korea", "(rok", "rok)", "대한민국", "외교부", "대통령", "국방부", "통일부", "청와대", "대변인"),
    "US": ("united states", "u.s.", "white house", "state department", "department of state", "pentagon",
           "secretary of defense", "secretary of state", "nsc spokesperson", "u.s. embassy",
           "department of defense", "defense department", "pentagon"),
}
# Names of leaders, ministers and spokespeople (whole words), used only when the speaker text names
# no country or office: "Secretary Blinken", "Chief Cabinet Secretary Hayashi", "Minister Park Jin".
_SPEAKER_NAMES = {
    code: re.compile(r"\b(?:" + "|".join(names) + r")\b")
    for code, names in {
        "JP": ("kishida", "ishiba", "takaichi", "shinzo abe", "prime minister abe", "suga", "hayashi", "motegi",
               "iwaya", "kamikawa", "kono taro", "taro kono", "chief cabinet secretary", "kantei", "matsuno",
               "hayashi yoshimasa", "yoshimasa hayashi"),
        "KR": ("yoon suk[- ]yeol", "president yoon", "lee jae[- ]myung", "moon jae[- ]in", "park geun[- ]hye",
               "cho tae[- ]yul", "park jin", "chung eui[- ]yong", "kang kyung[- ]wha", "cho hyun", "lim soo[- ]suk",
               "cheong wa dae", "blue house", "mofa rok", "rok mofa"),
        "US": ("biden", "trump", "obama", "blinken", "rubio", "kerry", "pompeo", "austin", "hegseth",
               "jean[- ]pierre", "kirby", "psaki", "leavitt", "ned price", "matthew miller", "tammy bruce",
               "sullivan", "harris", "vance"),
    }.items()
}


def country_from_unit_id(unit_id: str | None) -> str | None:
    """``JP``/``KR``/``US`` from a unit id such as ``kr_mofa_briefings_en:123#t4``, else None."""
    if not unit_id:
        return None
    head = unit_id.split(":", 1)[0].split("_", 1)[0].lower()
    return _PREFIX.get(head) if ":" in unit_id else None


def country_from_row(row: dict[str, Any]) -> str | None:
    """Speaker country of a labelled row: the country its speaker text names, else its source URL host,
    else an official's name in the speaker text.

    The speaker text comes first because a host's transcript also holds guests' words: President
    Park's remarks at a joint press conference are published on whitehouse.gov.
    """
    speaker = (row.get("speaker") or "").lower()
    hits = [code for code, hints in _SPEAKER_HINTS.items() if any(h in speaker for h in hints)]
    joint = "joint" in speaker or "共同" in speaker or "공동" in speaker  # several governments: the publisher decides
    if len(hits) == 1 and not joint:
        return hits[0]
    url = row.get("source_url")
    if url:
        host = (urlparse(url).hostname or "").lower()
        for code, suffixes in _HOSTS.items():
            if any(host == s or host.endswith("." + s) for s in suffixes):
                return code
    if not hits:  # no country or office named: officials' names ("Secretary Blinken", "Minister Cho Tae-yul")
        hits = [code for code, rx in _SPEAKER_NAMES.items() if rx.search(speaker)]
        if len(hits) == 1:
            return hits[0]
    return None


def eval_unit_id(row: dict[str, Any], i: int) -> str:
    """Unit id for a labelled row that carries its speaker country like production ids do."""
    code = country_from_row(row)
    return f"{code.lower()}_row:{i}" if code else f"row:{i}"
