"""Every ``rdi`` command reads the configuration; the ones that never crawl or tag must not pay for
Scrapy or spaCy at start (0.7 s and 2–4 s on a 2-core machine, every scheduled cycle)."""

from __future__ import annotations

import json
import subprocess
import sys

LIGHT = """
import json, sys
from pipeline.cli import app  # every command registered
import pipeline.config, pipeline.index, pipeline.export, pipeline.audit.rates, pipeline.audit.agreement
from warehouse import errorrates
errorrates.error_rates(None)  # reads the newest model's metadata
from nlp.model_files import lexicon_dir_of, newest_model_dir
lexicon_dir_of(newest_model_dir().name)
print(json.dumps({m: m in sys.modules for m in ("scrapy", "spacy", "twisted")}))
"""


def test_configuration_index_export_and_audit_rates_load_neither_scrapy_nor_spacy() -> None:
    out = subprocess.run([sys.executable, "-c", LIGHT], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout.strip().splitlines()[-1]) == {"scrapy": False, "spacy": False, "twisted": False}


def test_the_crawl_settings_still_name_the_mirror_download_handler() -> None:
    from scrapy.utils.misc import load_object

    from crawlers.settings import DOWNLOAD_HANDLERS

    for scheme in ("http", "https"):
        handler = load_object(DOWNLOAD_HANDLERS[scheme])
        assert handler.__name__ == "HostMapDownloadHandler" and handler.__module__ == "crawlers.hostmap_download"
