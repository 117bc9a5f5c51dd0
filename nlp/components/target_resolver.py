"""``rdi_target_resolver``: the country a sentence's framing aims at, from the country gazetteer.

Reads ``doc.spans["rdi_countries"]`` (a span ruler fed from ``nlp/patterns/target.<lang>.jsonl``:
names, demonyms, governments, leaders, capitals as metonyms, deixis such as 일본 측 / 韓国側 / 隣国,
pair compounds such as 日韓 / 한미 / "Japan-U.S." labelled with their *second* member, and
trilateral forms labelled ``other``). Writes ``Span._.rdi_target`` and ``Span._.rdi_target_source``
for every sentence.

Decision rules, in order:
1. In the sentence, each mention scores 1, +1 when marked as possessor/addressee (Japan's, 日本の,
   일본의, 韓国に, 일본 측에, urge Japan); the speaker's own country (ja: JP, ko: KR) is only a
   candidate when no other country is named; an English sentence-initial subject is discounted
   when another country is named (it is usually the speaker). Highest score wins; ties go to the
   first mention.
2. Without a mention: the nearest preceding sentence of the unit that had one (anaphora), then
   the reporter's question (``doc._.rdi_context``), then any later sentence of the unit.
"""

from __future__ import annotations

from collections import defaultdict

from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp.features import sentence_countries
from nlp.labels import COUNTRIES_KEY

MARKERS = {
    "en": {"after": {"'s", "’s", "'", "side"}, "before": {"urge", "urges", "urged", "against", "toward",
           "towards", "with", "to", "on", "from", "by", "of", "for"}},
    "ja": {"after": {"の", "に", "へ", "側", "と", "から", "を"}, "before": set()},
    "ko": {"after": {"의", "에", "에게", "측", "과", "와", "에서", "를", "을", "로", "으로"}, "before": set()},
}


@Language.factory(
    "rdi_target_resolver",
    requires=["token.is_sent_start", "doc.spans"],
    assigns=["span._.rdi_target", "span._.rdi_target_source", "doc._.rdi_context_target"],
    default_config={"gazetteer": "countries", "self_country": None},
)
def make_target_resolver(
    nlp: Language, name: str, *, gazetteer: str, self_country: str | None
) -> TargetResolver:
    """Build the target resolver; ``gazetteer`` names the span ruler used on the question text."""
    return TargetResolver(nlp, name, gazetteer=gazetteer, self_country=self_country)


class TargetResolver:
    """Resolve a target country per sentence (see module docstring for the rules)."""

    def __init__(self, nlp: Language, name: str, *, gazetteer: str, self_country: str | None) -> None:
        self.nlp = nlp
        self.name = name
        self.gazetteer = gazetteer
        self.self_country = self_country
        self.markers = MARKERS.get(nlp.lang, MARKERS["en"])

    def __call__(self, doc: Doc) -> Doc:
        sents = list(doc.sents)
        explicit = [self.resolve_mentions(sentence_countries(s), s.start) for s in sents]
        context = self.context_target(doc._.rdi_context)
        doc._.rdi_context_target = context
        previous: str | None = None
        for i, sent in enumerate(sents):
            later = next((t for t in explicit[i + 1 :] if t), None)
            if explicit[i]:
                previous = explicit[i]
                target, source = explicit[i], "sentence"
            elif previous:
                target, source = previous, "unit"
            elif context:
                target, source = context, "context"
            elif later:
                target, source = later, "unit"
            else:
                target, source = None, None
            sent._.rdi_target = target
            sent._.rdi_target_source = source
        return doc

    def resolve_mentions(self, mentions: list[Span], sent_start: int | None = None) -> str | None:
        """Pick the target among country mentions (rule 1), or None."""
        if not mentions:
            return None
        scores: dict[str, float] = defaultdict(float)
        first: dict[str, int] = {}
        codes = {m.label_ for m in mentions}
        others = {c for c in codes if c != self.self_country}
        for m in mentions:
            code = m.label_
            if code == self.self_country and others:
                continue
            score = 1.0
            doc = m.doc
            nxt = doc[m.end].text.lower() if m.end < len(doc) else ""
            prev = doc[m.start - 1].text.lower() if m.start > 0 else ""
            if nxt in self.markers["after"] or prev in self.markers["before"]:
                score += 1.0
            if (
                self.self_country is None
                and sent_start is not None
                and len(codes) > 1
                and m.start - sent_start <= 2
                and nxt not in self.markers["after"]
            ):
                score -= 0.75  # English sentence-initial subject: usually the speaker
            scores[code] += score
            first.setdefault(code, m.start)
        if not scores:
            return None
        return max(scores, key=lambda c: (scores[c], -first[c]))

    def context_target(self, context: str | None) -> str | None:
        """Target named in the reporter's question, via the same gazetteer."""
        if not context or not context.strip():
            return None
        ruler = self.nlp.get_pipe(self.gazetteer)
        cdoc = ruler(self.nlp.make_doc(context))
        spans = list(cdoc.spans[COUNTRIES_KEY]) if COUNTRIES_KEY in cdoc.spans else []
        if not spans:
            return None
        # The question has no "speaker" of its own: prefer non-self mentions, then the most named.
        return self.resolve_mentions(spans)

    def to_disk(self, path, *, exclude=()):  # noqa: ANN001 - spaCy serialisation protocol
        """Nothing to save beyond the config."""

    def from_disk(self, path, *, exclude=()):  # noqa: ANN001
        """Nothing to load beyond the config."""
        return self
