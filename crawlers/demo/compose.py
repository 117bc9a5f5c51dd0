"""Compose statement texts and transcripts from the sentence banks and Q&A pairs."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from crawlers.demo.content import Content, ContentError, prov_labels


@dataclass
class Composed:
    """A composed text: title, sentences, and for transcripts opening blocks and Q&A turns."""

    title: str = ""
    sentences: list[str] = field(default_factory=list)
    opening: list[tuple[str, list[str]]] = field(default_factory=list)  # (heading, sentences)
    qa: list[tuple[str, list[tuple[str, list[str]]]]] = field(default_factory=list)  # (heading, [(q|a, paras)])
    provenance: set[str] = field(default_factory=set)
    topics: list[str] = field(default_factory=list)


def _use(c: Composed, content: Content, entries: list[dict[str, Any]], d: date) -> list[str]:
    out = []
    for e in entries:
        c.provenance.update(prov_labels(e["prov"]))
        out.append(content.fill(e["text"], d))
    return out


def compose_statement(content: Content, voice: str, topic: str, d: date, rng: random.Random,
                      body: tuple[int, int] = (2, 5)) -> Composed:
    """Title + lead + body + optional close for (voice, topic) on date ``d``."""
    c = Composed(topics=[topic])
    titles = content.pick(voice, topic, "title", rng)
    if not titles:
        raise ContentError(f"no title sentences for voice={voice} topic={topic}")
    c.title = _use(c, content, titles, d)[0]
    t_pool = content.pool(voice, topic, "title")
    l_pool = content.pool(voice, topic, "lead")
    # Paired banks: when a topic has as many leads as titles, lead i belongs to title i.
    lead = [l_pool[t_pool.index(titles[0])]] if len(l_pool) == len(t_pool) else content.pick(voice, topic, "lead", rng)
    c.sentences += _use(c, content, lead, d)
    c.sentences += _use(c, content, content.pick(voice, topic, "body", rng, rng.randint(*body)), d)
    if rng.random() < 0.8:
        c.sentences += _use(c, content, content.pick(voice, topic, "close", rng), d)
    if len(c.sentences) < 3:
        raise ContentError(f"voice={voice} topic={topic}: fewer than 3 sentences available")
    return c


def _turns(entry: dict[str, Any]) -> list[tuple[str, list[str]]]:
    if "turns" in entry:
        return [(t[0], list(t[1:])) for t in entry["turns"]]
    q = entry["q"] if isinstance(entry["q"], list) else [entry["q"]]
    a = entry["a"] if isinstance(entry["a"], list) else [entry["a"]]
    return [("q", q), ("a", a)]


def compose_transcript(content: Content, voice: str, topics: list[str], opening: str, d: date,
                       rng: random.Random, used_qa: set[str], qa_weights: dict[str, int],
                       open_weights: dict[str, int], n_qa: tuple[int, int] = (2, 4),
                       force_qa: str = "") -> Composed:
    """Opening remarks (1-2 topics) then Q&A pairs: the listed topics first, then weighted extras.

    ``force_qa`` names a Q&A entry (id) to use for its topic instead of a random one.
    """
    c = Composed(topics=list(topics))
    open_topics = [opening] if opening else []
    keys = sorted(open_weights)
    while len(open_topics) < rng.choice((1, 1, 2)):
        t = rng.choices(keys, [open_weights[k] for k in keys])[0]
        if t not in open_topics:
            open_topics.append(t)
    for t in open_topics:
        head = content.pick(voice, t, "open_title", rng)
        pool = content.sentences.get((voice, t, "open"), [])
        rest = sorted(rng.sample(range(1, len(pool)), min(rng.randint(1, 2), max(len(pool) - 1, 0))))
        sents = [pool[i] for i in [0, *rest]] if pool else []
        if not sents:
            raise ContentError(f"no opening sentences for voice={voice} topic={t}")
        c.opening.append((_use(c, content, head, d)[0] if head else "", _use(c, content, sents, d)))
    want = list(topics)
    qkeys = sorted(qa_weights)
    target = max(len(want), rng.randint(*n_qa))
    tries = 0
    while len(want) < target and tries < 20:
        tries += 1
        t = rng.choices(qkeys, [qa_weights[k] for k in qkeys])[0]
        if t not in want:
            want.append(t)
    c.topics = list(want)
    forced = content.qa_by_id(force_qa) if force_qa else None
    for t in want:
        entry = forced if forced and forced["topic"] == t else content.pick_qa(voice, t, rng, used_qa)
        if entry is None:  # bank exhausted: allow reuse rather than fail
            entry = content.pick_qa(voice, t, rng, set())
        if entry is None:
            raise ContentError(f"no Q&A for voice={voice} topic={t}")
        used_qa.add(entry["id"])
        c.provenance.update(prov_labels(entry["prov"]))
        turns = [(role, [content.fill(p, d) for p in paras]) for role, paras in _turns(entry)]
        c.qa.append((content.fill(entry.get("head", ""), d), turns))
    return c
