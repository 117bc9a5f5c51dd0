"""Crawls never fetch data at run time: the cookie middleware's suffix list is the bundled one."""

from __future__ import annotations

import socket

import pytest


def test_cookie_domain_split_uses_bundled_suffix_list(monkeypatch: pytest.MonkeyPatch) -> None:
    import crawlers.settings  # noqa: F401  (installs the offline extractor)
    import scrapy.downloadermiddlewares.cookies as cookies

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    assert cookies._split_domain.suffix_list_urls == ()
    parts = cookies._split_domain("www.mofa.go.kr")
    assert (parts.domain, parts.suffix) == ("mofa", "go.kr")
