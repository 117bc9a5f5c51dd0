"""Render the offline demo archive: ``crawlers/demo/site/`` and ``crawlers/demo/MANIFEST.tsv``.

Deterministic (seeded): the same content files always give byte-identical pages. Run it as
``python -m crawlers.demo.build [--out DIR]`` after editing ``crawlers/demo/content/*.jsonl``.
"""

from __future__ import annotations

import argparse
import csv
import io
import shutil
import sys
from collections import defaultdict
from pathlib import Path

from crawlers.demo import (
    site_kantei,
    site_mofaj,
    site_mofakr,
    site_president,
    site_state,
    site_whitehouse,
)
from crawlers.demo.content import Content, ContentError
from crawlers.demo.pages import Doc, Page
from crawlers.demo.plan import Item, plan

DEMO_DIR = Path(__file__).resolve().parent
MANIFEST_COLUMNS = ["path", "url", "source", "kind", "statement_id", "lang", "event_date", "published_at",
                    "doc_type", "is_translation", "translation_of", "reporter_turns", "topics", "provenance"]
_TRANSLATION_OF = {"kr_mofa_briefings_en": "kr_mofa_briefings_ko (KO original, not in the demo archive)"}
_ROBOTS = {
    "www.kantei.go.jp": "User-agent: *\nDisallow:\n",
    "www.mofa.go.jp": "User-agent: *\nDisallow: /mofaj/cgi-bin/\n",
    "www.president.go.kr": "User-agent: *\nAllow: /\n",
    "www.mofa.go.kr": "User-agent: *\nAllow: /\n",
    "www.state.gov": "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\n"
                     "Sitemap: https://www.state.gov/sitemap_index.xml\n",
    "www.whitehouse.gov": "User-agent: *\nDisallow:\n\nSitemap: https://www.whitehouse.gov/sitemap_index.xml\n",
}


def build_docs(content: Content) -> dict[str, list[Doc]]:
    """Plan and compose every statement, by source."""
    by_src: dict[str, list[Item]] = defaultdict(list)
    for it in plan(content):
        by_src[it.source].append(it)
    return {
        site_kantei.SRC: site_kantei.docs(by_src[site_kantei.SRC], content),
        site_mofaj.SRC: site_mofaj.docs(by_src[site_mofaj.SRC], content),
        site_president.SRC: site_president.docs(by_src[site_president.SRC], content),
        site_mofakr.SRC_KO: site_mofakr.docs_ko(by_src[site_mofakr.SRC_KO], content),
        site_mofakr.SRC_EN: site_mofakr.docs_en(by_src[site_mofakr.SRC_EN], content),
        site_state.SRC: site_state.docs(by_src[site_state.SRC], content),
        site_whitehouse.SRC: site_whitehouse.docs(by_src[site_whitehouse.SRC], content),
    }


def build_pages(content: Content) -> list[Page]:
    """Every file of the archive, each with what the manifest needs."""
    d = build_docs(content)
    pages = (site_kantei.pages(d[site_kantei.SRC], content) + site_mofaj.pages(d[site_mofaj.SRC])
             + site_president.pages(d[site_president.SRC])
             + site_mofakr.pages(d[site_mofakr.SRC_KO], d[site_mofakr.SRC_EN])
             + site_state.pages(d[site_state.SRC]) + site_whitehouse.pages(d[site_whitehouse.SRC]))
    hosts: dict[str, set[str]] = defaultdict(set)
    for p in pages:
        hosts[p.path.split("/", 1)[0]].add(p.source)
    for host, srcs in sorted(hosts.items()):
        pages.append(Page(f"{host}/robots.txt", _ROBOTS[host].encode("ascii"), f"https://{host}/robots.txt",
                          ",".join(sorted(srcs)), "robots"))
    seen: set[str] = set()
    for p in pages:
        if p.path in seen:
            raise ContentError(f"two pages map to the same file {p.path}")
        seen.add(p.path)
    return pages


def _doc_row(p: Page, d: Doc, kind: str) -> dict[str, str]:
    reporters = sum(1 for t in d.turns if t.role == "reporter")
    return {"path": p.path, "url": d.url if kind == "feed_item" else p.url, "source": d.source, "kind": kind,
            "statement_id": d.statement_id, "lang": d.lang, "event_date": d.event_date.isoformat(),
            "published_at": d.published.isoformat(), "doc_type": d.doc_type,
            "is_translation": "true" if d.is_translation else "false",
            "translation_of": _TRANSLATION_OF.get(d.source, ""), "reporter_turns": str(reporters),
            "topics": ",".join(d.topics), "provenance": d.provenance_text()}


def manifest_rows(pages: list[Page]) -> list[dict[str, str]]:
    """One row per file; plus one ``feed_item`` row per statement a multi-statement feed carries in full."""
    rows = []
    for p in sorted(pages, key=lambda p: p.path):
        if p.kind == "detail" and len(p.docs) == 1:
            rows.append(_doc_row(p, p.docs[0], "detail"))
            continue
        rows.append({"path": p.path, "url": p.url, "source": p.source, "kind": p.kind, "lang": p.lang,
                     "provenance": "authored"})
        rows += [_doc_row(p, d, "feed_item") for d in sorted(p.docs, key=lambda d: d.published)]
    return rows


def write(out: Path, manifest: Path, content: Content) -> tuple[int, int]:
    """Replace ``out`` with a fresh archive and write the manifest; returns (files, statements)."""
    pages = build_pages(content)
    if out.exists():
        shutil.rmtree(out)
    for p in pages:
        f = out / p.path
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(p.body)
    rows = manifest_rows(pages)
    buf = io.StringIO()
    w = csv.DictWriter(buf, MANIFEST_COLUMNS, delimiter="\t", lineterminator="\n", restval="")
    w.writeheader()
    w.writerows(rows)
    manifest.write_text(buf.getvalue(), "utf-8")
    return len(pages), len({r["statement_id"] for r in rows if r.get("statement_id")})


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(prog="python -m crawlers.demo.build", description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEMO_DIR / "site")
    ap.add_argument("--manifest", type=Path, default=DEMO_DIR / "MANIFEST.tsv")
    args = ap.parse_args(argv)
    try:
        files, statements = write(args.out, args.manifest, Content.load())
    except (ContentError, KeyError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {files} files, {statements} statements to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
