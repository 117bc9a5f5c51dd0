"""``parse_page``: run a source's spider on one page exactly as a crawl would (``rdi parse``).

The same spider callbacks and item pipelines run; with ``file`` the response body comes from
the saved file instead of the network. Returns the JSON-lines records: every extracted
statement (all fields, turns included), ``{"discovered": url}`` for each statement link the
page yields, and ``{"dropped": reason}`` for items a pipeline rejected.
It runs Scrapy in a subprocess (``python -m pipeline.parse``) because Twisted's reactor
cannot be restarted inside one process; :func:`parse_pages` runs several pages in that one
subprocess (one crawler each), which is what checks over many saved pages use.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from crawlers.sources import get_source

REPO_ROOT = Path(__file__).resolve().parents[1]


class ParseError(RuntimeError):
    """The page could not be parsed (message is one line)."""


PageSpec = tuple[str, str, "Path | str | None"]


def _check(source: str, url: str, file: Path | str | None) -> None:
    """One-line errors for arguments that cannot work (before starting Scrapy)."""
    get_source(source)
    if not url.startswith(("http://", "https://")):
        raise ParseError(f"--url {url!r} is not an http(s) URL (give the page's real address)")
    if file is None:
        return
    path = Path(file)
    if not path.exists():
        raise ParseError(f"--file {file}: no such file")
    if not path.is_file():
        raise ParseError(f"--file {file}: not a regular file")
    try:
        with path.open("rb") as fh:
            empty = not fh.read(1)
    except OSError as exc:
        raise ParseError(f"--file {file}: cannot be read ({exc.strerror or exc})") from None
    if empty:
        raise ParseError(f"--file {file}: the file is empty")


def parse_page(source: str, url: str, file: Path | str | None = None, *, host_map: str | None = None,
               follow: bool = False, timeout: float = 120) -> list[dict[str, Any]]:
    """Records the source's spider extracts from ``url`` (body from ``file`` when given)."""
    (result,) = parse_pages([(source, url, file)], host_map=host_map, follow=follow, timeout=timeout)
    if isinstance(result, ParseError):
        raise result
    return result


def parse_pages(specs: list[PageSpec], *, host_map: str | None = None, follow: bool = False,
                timeout: float = 300) -> list[list[dict[str, Any]] | ParseError]:
    """:func:`parse_page` for many ``(source, url, file)`` at once: one result (or error) per page."""
    results: list[list[dict[str, Any]] | ParseError] = []
    todo: list[tuple[int, str, str, str | None]] = []
    for i, (source, url, file) in enumerate(specs):
        try:
            _check(source, url, file)
        except (ParseError, KeyError) as exc:
            results.append(exc if isinstance(exc, ParseError) else ParseError(str(exc)))
            continue
        results.append([])
        todo.append((i, source, url, str(Path(file).resolve()) if file is not None else None))
    if not todo:
        return results
    cmd = [sys.executable, "-m", "pipeline.parse"] + (["--follow"] if follow else [])
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="crawlers.settings")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH", "")]))
    if host_map is not None:
        env["RDI_HOST_MAP"] = host_map
    stdin = json.dumps([{"page": i, "source": s, "url": u, "file": f} for i, s, u, f in todo])
    proc = subprocess.run(cmd, input=stdin, capture_output=True, text=True, env=env, cwd=REPO_ROOT, timeout=timeout)
    if proc.returncode != 0:
        lines = [ln for ln in proc.stderr.strip().splitlines() if ln.strip()]
        err = ParseError(lines[-1].removeprefix("error: ") if lines else f"parse failed (exit {proc.returncode})")
        for i, *_ in todo:
            results[i] = err
        return results
    for line in proc.stdout.splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        i = rec.pop("page")
        if "error" in rec:
            results[i] = ParseError(rec["error"])
        elif not isinstance(results[i], ParseError):
            results[i].append(rec["record"])  # type: ignore[union-attr]
    return results


def _settings() -> Any:
    """Project settings for parsing saved pages: no state, window, feeds, delays; file answers; links collected."""
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.set("RDI_STATE_DIR", "")
    settings.set("RDI_NO_WINDOW", True)
    settings.set("FEEDS", {})
    settings.set("LOG_LEVEL", os.environ.get("RDI_LOG_LEVEL", "ERROR"))
    settings.set("DOWNLOAD_DELAY", 0)
    settings.set("AUTOTHROTTLE_ENABLED", False)
    dm = dict(settings.getdict("DOWNLOADER_MIDDLEWARES"))
    dm["crawlers.parsing.FileResponseMiddleware"] = 1
    settings.set("DOWNLOADER_MIDDLEWARES", dm)
    sm = dict(settings.getdict("SPIDER_MIDDLEWARES"))
    sm["crawlers.parsing.LinkCollector"] = 10
    settings.set("SPIDER_MIDDLEWARES", sm)
    return settings


class _Page:
    """One page's crawler and what it produced."""

    def __init__(self, process: Any, source: str, url: str, file: str | None) -> None:
        from scrapy import Request, signals

        base = process.spider_loader.load(source)
        if hasattr(base, "handles_url") and not base.handles_url(url):
            sites = ", ".join(sorted(base.sites()))
            raise ParseError(f"no callback of {source} reads {url} (not one of its feeds, lists or statement pages on {sites})")

        async def start(spider: Any) -> Any:
            yield Request(url, callback=spider.parse, meta={"rdi_parse": True}, dont_filter=True)

        custom = {**(getattr(base, "custom_settings", None) or {}), "RDI_PARSE_URL": url, "RDI_PARSE_FILE": file or ""}
        spidercls = type(base.__name__, (base,), {"start": start, "custom_settings": custom})
        self.url = url
        self.crawler = process.create_crawler(spidercls)
        self.items: list[dict[str, Any]] = []
        self.errors: list[str] = []
        self.crawler.signals.connect(self._scraped, signal=signals.item_scraped)
        self.crawler.signals.connect(self._dropped, signal=signals.item_dropped)
        self.crawler.signals.connect(self._failed, signal=signals.spider_error)

    def _scraped(self, item: Any, **_: Any) -> None:
        self.items.append(item.to_dict() if hasattr(item, "to_dict") else dict(item))

    def _dropped(self, item: Any, exception: BaseException, **_: Any) -> None:
        self.items.append({"dropped": str(exception)})

    def _failed(self, failure: Any, **_: Any) -> None:
        self.errors.append(f"{type(failure.value).__name__}: {failure.value}")

    def records(self, follow: bool) -> list[dict[str, Any]]:
        """Statements, then ``discovered`` (and ``follow``) links; ``ParseError`` when the page failed."""
        if self.errors:
            raise ParseError(f"the spider failed on this page: {self.errors[0]}")
        stats = self.crawler.stats.get_stats()
        collector = getattr(self.crawler, "rdi_link_collector", None)
        if not self.items and collector is None and stats.get("downloader/response_count", 0) == 0:
            raise ParseError(f"could not fetch {self.url}")
        out = list(self.items)
        if collector is not None:
            out += [{"discovered": u} for u in dict.fromkeys(collector.discovered)]
            if follow:
                out += [{"follow": u} for u in dict.fromkeys(collector.followed)]
        if not out and not stats.get("downloader/response_status_count/200", 0):
            raise ParseError(f"no response for {self.url} (status counts: {[k for k in stats if 'status_count' in k]})")
        return out


def _one_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _run(specs: list[dict[str, Any]], follow: bool) -> list[dict[str, Any]]:
    """In-process run (the subprocess side): one request per page, real callbacks and pipelines."""
    from scrapy.crawler import CrawlerProcess

    process = CrawlerProcess(_settings(), install_root_handler=False)
    pages: list[tuple[int, _Page]] = []
    out: list[dict[str, Any]] = []
    for spec in specs:
        try:
            pages.append((spec["page"], _Page(process, spec["source"], spec["url"], spec.get("file"))))
        except Exception as exc:  # noqa: BLE001 - reported per page
            out.append({"page": spec["page"], "error": _one_line(exc)})
    for _, page in pages:
        process.crawl(page.crawler)
    if pages:
        process.start()
    for i, page in pages:
        try:
            out += [{"page": i, "record": r} for r in page.records(follow)]
        except Exception as exc:  # noqa: BLE001 - reported per page
            out.append({"page": i, "error": _one_line(exc)})
    return out


def main(argv: list[str] | None = None) -> int:
    """Subprocess entry: page specs as JSON on stdin, ``{"page", "record"|"error"}`` JSON lines out."""
    ap = argparse.ArgumentParser(prog="python -m pipeline.parse")
    ap.add_argument("--follow", action="store_true")
    args = ap.parse_args(argv)
    try:
        records = _run(json.loads(sys.stdin.read()), args.follow)
    except Exception as exc:  # noqa: BLE001 - one line for the parent process
        print(f"error: {_one_line(exc)}", file=sys.stderr)
        return 1
    for r in records:
        print(json.dumps(r, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
