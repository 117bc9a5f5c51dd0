"""``parse_page``: run a source's spider on one page exactly as a crawl would (``rdi parse``).

The same spider callbacks and item pipelines run; with ``file`` the response body comes from
the saved file instead of the network. Returns the JSON-lines records: every extracted
statement (all fields, turns included), ``{"discovered": url}`` for each statement link the
page yields, and ``{"dropped": reason}`` for items a pipeline rejected.
It runs Scrapy in a subprocess (``python -m pipeline.parse``) because Twisted's reactor
cannot be restarted inside one process.
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


def parse_page(source: str, url: str, file: Path | str | None = None, *, host_map: str | None = None,
               follow: bool = False, timeout: float = 120) -> list[dict[str, Any]]:
    """Records the source's spider extracts from ``url`` (body from ``file`` when given)."""
    get_source(source)
    if not url.startswith(("http://", "https://")):
        raise ParseError(f"--url {url!r} is not an http(s) URL (give the page's real address)")
    if file is not None:
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
    cmd = [sys.executable, "-m", "pipeline.parse", source, url]
    if file is not None:
        cmd += ["--file", str(Path(file).resolve())]
    if follow:
        cmd.append("--follow")
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="crawlers.settings")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH", "")]))
    if host_map is not None:
        env["RDI_HOST_MAP"] = host_map
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=REPO_ROOT, timeout=timeout)
    if proc.returncode != 0:
        lines = [ln for ln in proc.stderr.strip().splitlines() if ln.strip()]
        raise ParseError(lines[-1].removeprefix("error: ") if lines else f"parse of {url} failed (exit {proc.returncode})")
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def _run(source: str, url: str, file: str | None, follow: bool) -> list[dict[str, Any]]:
    """In-process run (the subprocess side): one request, real callbacks and pipelines."""
    from scrapy import Request, signals
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.set("RDI_STATE_DIR", "")
    settings.set("RDI_NO_WINDOW", True)
    settings.set("RDI_PARSE_URL", url)
    settings.set("RDI_PARSE_FILE", file or "")
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

    process = CrawlerProcess(settings, install_root_handler=False)
    base = process.spider_loader.load(source)
    if hasattr(base, "handles_url") and not base.handles_url(url):
        sites = ", ".join(sorted(base.sites()))
        raise ParseError(f"no callback of {source} reads {url} (not one of its feeds, lists or statement pages on {sites})")

    async def start(self: Any) -> Any:
        yield Request(url, callback=self.parse, meta={"rdi_parse": True}, dont_filter=True)

    spidercls = type(base.__name__, (base,), {"start": start})
    crawler = process.create_crawler(spidercls)
    items: list[dict[str, Any]] = []
    errors: list[str] = []

    def scraped(item: Any, **_: Any) -> None:
        items.append(item.to_dict() if hasattr(item, "to_dict") else dict(item))

    def dropped(item: Any, exception: BaseException, **_: Any) -> None:
        items.append({"dropped": str(exception)})

    def failed(failure: Any, **_: Any) -> None:
        errors.append(f"{type(failure.value).__name__}: {failure.value}")

    crawler.signals.connect(scraped, signal=signals.item_scraped)
    crawler.signals.connect(dropped, signal=signals.item_dropped)
    crawler.signals.connect(failed, signal=signals.spider_error)
    process.crawl(crawler)
    process.start()
    if errors:
        raise ParseError(f"the spider failed on this page: {errors[0]}")
    stats = crawler.stats.get_stats()
    if not items and not getattr(crawler, "rdi_link_collector", None) and stats.get("downloader/response_count", 0) == 0:
        raise ParseError(f"could not fetch {url}")
    collector = getattr(crawler, "rdi_link_collector", None)
    out = list(items)
    if collector is not None:
        out += [{"discovered": u} for u in dict.fromkeys(collector.discovered)]
        if follow:
            out += [{"follow": u} for u in dict.fromkeys(collector.followed)]
    status = stats.get("downloader/response_status_count/200", 0)
    if not out and not status:
        raise ParseError(f"no response for {url} (status counts: {[k for k in stats if 'status_count' in k]})")
    return out


def main(argv: list[str] | None = None) -> int:
    """Subprocess entry: print the records as JSON lines."""
    ap = argparse.ArgumentParser(prog="python -m pipeline.parse")
    ap.add_argument("source")
    ap.add_argument("url")
    ap.add_argument("--file")
    ap.add_argument("--follow", action="store_true")
    args = ap.parse_args(argv)
    try:
        records = _run(args.source, args.url, args.file, args.follow)
    except Exception as exc:  # noqa: BLE001 - one line for the parent process
        print(f"error: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}", file=sys.stderr)
        return 1
    for r in records:
        print(json.dumps(r, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
