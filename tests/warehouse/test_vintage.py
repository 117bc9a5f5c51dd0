"""warehouse.vintage: the index settings of rdi.toml are checked before an index is published."""

from __future__ import annotations

import pytest

from warehouse.vintage import IndexSettings, parse_base


def test_defaults_and_a_valid_section() -> None:
    s = IndexSettings.from_config({"index": {"targets": ["JP", "KR"], "draws": 500, "base": "2014-1:2016-12"}})
    assert s.targets == ("JP", "KR") and s.draws == 500
    assert (s.base_start, s.base_end) == ("2014-01", "2016-12")
    assert IndexSettings.from_config({}) == IndexSettings()


@pytest.mark.parametrize(("section", "message"), [
    ({"targets": "JP"}, r"targets in rdi.toml must be a list of target codes"),  # once read as J, P
    ({"all_targets": ["JP", 3]}, r"all_targets in rdi.toml must be a list"),
    ({"draws": 10}, r"draws in rdi.toml must be an integer >= 100, not 10"),
    ({"draws": "many"}, r"draws in rdi.toml must be an integer >= 100, not 'many'"),
    ({"seed": True}, r"seed in rdi.toml must be an integer >= 0"),
    ({"low_n": 0}, r"low_n in rdi.toml must be an integer >= 1"),
    ({"base_start": "garbage"}, r"bad base period 'garbage:"),
    ({"base_end": "2001-01"}, r"start <= end"),
    ({"drawz": 500}, r"unknown \[index\] setting\(s\) in rdi.toml: drawz"),
])
def test_bad_settings_are_one_line_errors(section: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        IndexSettings.from_config({"index": section})


def test_one_spelling_per_base_period() -> None:
    """"2025-1" and "2025-01" once keyed two vintages of the same base period."""
    assert parse_base("2025-1:2025-6") == parse_base("2025-01:2025-06") == ("2025-01", "2025-06")
    assert IndexSettings.from_config({}, base="2025-1:2025-6") == IndexSettings.from_config({}, base="2025-01:2025-06")
