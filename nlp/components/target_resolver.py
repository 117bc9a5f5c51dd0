"""``rdi_target_resolver``: the country a sentence's framing aims at, from the country gazetteer.

Reads ``doc.spans["rdi_countries"]`` (a span ruler fed from ``nlp/patterns/target.<lang>.jsonl``:
names, demonyms, governments, leaders, capitals as metonyms, deixis such as 일본 측 / 韓国側 / 隣国,
pair compounds such as 日韓 / 한미 / "Japan-U.S." labelled with their *second* member, and
trilateral forms labelled ``other``). Writes ``Span._.rdi_target`` and ``Span._.rdi_target_source``
for every sentence.

Decision rules, in order:
1. In the sentence, each mention scores 1, +2 when marked as addressee (韓国に対し, 일본 측에,
   일본에 대해, urge Japan), +1 as possessor or object (Japan's, 日本の, 일본의). The speaker's own
   country (``doc._.rdi_self`` from the unit id, else ja: JP, ko: KR) is never the target.
   Topical rules (``topic_*``: "ballistic missile" -> KP) score 0.3. Naming-claim rules
   (``claim_*``: Takeshima -> KR, Dokdo / East Sea -> JP) score like topics and, when the speaker
   is unknown (English text without a source), also reveal it: whoever says "Takeshima" speaks for
   Japan, whoever says "Dokdo" for Korea. With an unknown speaker, a government named as the
   subject of an English sentence (``self_*`` rules: "The Government of Japan has requested…",
   "As Prime Minister of Japan, …"), not followed by an obligation ("should", "must"), is the
   speaker's self-reference and not a target, and so is a bare country name as the subject of a
   first-person verb ("Japan deeply appreciates…"); pair compounds reveal the speaker too (a
   government names itself first: "Japan-ROK" is said by Japan). Failing all that, the
   speaker guessed from the text (``doc._.rdi_speaker_guess``, nlp/components/speaker_guesser.py)
   is used. If the speaker is still unknown, sentence-initial subjects are discounted when another
   country is named, and two partners tied side by side mean the second-named ("Japan and the
   ROK are important neighbours" is Japan's sentence). "The international community", the G7
   and the UN beside a named partner, or in an adversarial sentence ("a grave threat to the
   international community"), are the setting, not the target. "The Republic of Korea (ROK)"
   counts once. Cue-aware: with nationalist cues (alone or beside cooperative ones: "work closely
   with the US and the ROK on further measures against North Korea"), North Korea / China named
   beside partners score +2, and so does Russia (``other_state``: "Russia's procurement of
   missiles from the DPRK" aims at Russia, Russia and North Korea together tie to "other"); with
   only conciliatory cues North Korea and China are dropped when a partner is named. Other third
   states (``third_state``: Canada, Australia, India, Germany…) answer "other" only where no
   partner, adversary or Russia is named beside them (see ``THIRD_STATE``). "Both
   countries" / "the two sides" (``dual`` rules) mean the one partner named in the unit or
   question; with no partner named, the one adversary named (a Japan-China meeting);
   else "other". The highest score wins; a tie between two countries means "other" (partners
   named side by side, with or without articles, by a known third speaker), and so does a
   trilateral mention (also 日米韓, 한미일) in a non-adversarial sentence.
2. Without a mention: the nearest preceding sentence of the unit that had one (anaphora), then
   the reporter's question (``doc._.rdi_context``), then any later sentence of the unit.

The resolver runs before the classifier and reads the framing from the cues only. Where the
classifier reads the opposite framing, ``rdi_target_aim`` (nlp/components/target_aim.py) asks
:meth:`TargetResolver.resolve_mentions` again with the classifier's reading.
"""

from __future__ import annotations

from collections import defaultdict

from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp.components.lexicon_fill import LexiconFill
from nlp.features import sentence_countries, sentence_cues
from nlp.labels import COUNTRIES_KEY

# Words right after (or, in English, before) a country mention that mark it as the addressee or
# possessor of the framing: strong (+2: "に対し", "에 대해", "urge Japan") or weak (+1: の, 의, 's).
MARKERS = {
    "en": {
        "strong_before": {"urge", "urges", "urged", "against", "demand", "demands", "calls", "protest", "protests"},
        "weak_before": {"toward", "towards", "with", "to", "on", "from", "by", "for", "of"},
        "strong_after": set(), "weak_after": {"'s", "’s", "'"},
    },
    "ja": {
        "strong_before": set(), "weak_before": set(),
        "strong_after": {"に対し", "に対して", "に対する", "側に", "へ", "に抗議"}, "weak_after": {"の", "に", "側", "と", "から", "が", "は"},
    },
    "ko": {
        "strong_before": set(), "weak_before": set(),
        "strong_after": {"에 대해", "에 대한", "측에", "에 대해서", "에게", "측은"}, "weak_after": {"의", "에", "측", "과", "와", "에서", "를", "을", "이", "가", "은", "는"},
    },
}
ENUM = {"、", ",", "，", "・", "や", "and", "및", "과", "와", "·", "/"}
# Words that may stand between enumerated countries besides the conjunction ("Japan and the
# Republic of Korea", "with Japan and with the ROK").
ENUM_FILLER = {"the", "with", "to", "for", "of", "both", "also", "as", "well"}
DUAL = "dual"  # gazetteer rules "the two countries", "both sides": the partner, or "other" (see unit_partners)
PARTNERS = ("JP", "KR", "US")
ADVERSARIES = ("KP", "CN")
# Third states named as adversaries (Russia; gazetteer id "other_state", label "other"): in an
# adversarial sentence they weigh like North Korea or China, so "Russia's procurement of missiles
# from the DPRK" aims at Russia, and Russia and North Korea side by side tie to "other" (codebook:
# two adversaries named together).
OTHER_STATE = "other_state"
# Other third states (Canada, Australia, the Philippines, Germany…; gazetteer id "third_state",
# label "other") answer only in a sentence that names no partner, adversary or Russia: a
# statement on Korea–Canada relations aims at "other", but beside a named country a third state
# is the venue (싱가포르에서 개최된), an example (독일과 프랑스가 … 일본이) or the one China's acts
# are aimed at ("stands with the Philippines in the face of intimidation … in the South China Sea").
THIRD_STATE = "third_state"
TOPIC_WEIGHT = 0.3  # rules whose id starts with "topic_" (e.g. ballistic missile -> KP) only break silence
TOPICAL = ("topic_", "claim_")  # claim_* rules also reveal an unknown speaker (see speaker_from_claims)
CLAIMANT = {"KR": "JP", "JP": "KR"}  # a naming claim aimed at KR is made by JP, and vice versa
SETTINGS = {"international community", "united nations", "g7", "g20", "国際社会", "국제사회", "国連", "유엔"}
OBLIGATION = {"should", "must", "needs", "need", "ought", "has to", "is urged"}  # "the Japanese government should…" = addressee


# The three partners as one word in Japanese and Korean (日米韓, 한미일) and "the three countries".
TRILATERAL_WORDS = frozenset(w.replace(" ", "") for w in (
    "日米韓", "日韓米", "米日韓", "日米韓3か国", "3か国", "三か国", "3カ国", "三カ国",
    "한미일", "한·미·일", "한일미", "미일한", "한미일 3국", "3국", "3개국", "세 나라"))


def is_trilateral(m: Span) -> bool:
    """A mention of the three partners as a group ("trilateral", "Japan-U.S.-ROK", "three countries",
    日米韓, 한미일)."""
    text = m.text.lower()
    return ("trilateral" in text or "three" in text or sum(c in "-–" for c in text) >= 2
            or text.replace(" ", "") in TRILATERAL_WORDS)


# A bare country name as the subject of one of these verbs speaks for its own government
# (speaker unknown): "Japan deeply appreciates…", "Japan remains committed…", "Korea will…".
BARE_IDS = {"jp", "kr", "us"}
SELF_VERBS = {"will", "welcomes", "appreciates", "expresses", "reaffirms", "hopes", "remains", "intends",
              "stands", "values", "attaches", "extends", "thanks", "looks", "continues", "sincerely", "wishes",
              "believes", "highly", "strongly", "firmly", "deeply", "protests", "requests", "expects", "conveys", "offers", "supports", "wants", "would", "renews", "confirms"}
PAIR_FIRST = {"japan": "JP", "rok": "KR", "korea": "KR", "u.s.": "US", "us": "US"}


def speaker_from_pairs(doc: Doc) -> str | None:
    """The speaker's country from pair compounds (English, speaker unknown), if unambiguous.

    Governments name their own country first: Japan writes "Japan-ROK" and "Japan-U.S.", Korea
    "ROK-Japan" / "Korea-U.S.", the United States "U.S.-ROK" / "U.S.-Japan".
    """
    if COUNTRIES_KEY not in doc.spans:
        return None
    found = set()
    for s in doc.spans[COUNTRIES_KEY]:
        if s.id_.startswith("pair_"):
            head = s.text.replace("–", "-").split("-", 1)[0].strip().lower()
            if head in PAIR_FIRST:
                found.add(PAIR_FIRST[head])
    return found.pop() if len(found) == 1 else None


def speaker_from_claims(doc: Doc) -> str | None:
    """The speaker's country revealed by naming claims in the unit (Takeshima -> JP, Dokdo -> KR), if unambiguous."""
    if COUNTRIES_KEY not in doc.spans:
        return None
    found = {CLAIMANT.get(s.label_) for s in doc.spans[COUNTRIES_KEY] if s.id_.startswith("claim_")}
    found.discard(None)
    return found.pop() if len(found) == 1 else None


@Language.factory(
    "rdi_target_resolver",
    requires=["token.is_sent_start", "doc.spans"],
    assigns=["span._.rdi_target", "span._.rdi_target_source", "doc._.rdi_context_target", "doc._.rdi_speaker"],
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
        self._ctx_cache: dict[str, object] = {}

    def __call__(self, doc: Doc) -> Doc:
        own = doc._.rdi_self or self.self_country or speaker_from_claims(doc)
        sents = list(doc.sents)
        explicit = []
        speaker = own
        refs = [self.self_reference(sentence_countries(s), s.start) for s in sents] if own is None else []
        if own is None:
            own = (next((r for r in refs if r), None)
                   or (speaker_from_pairs(doc) if self.nlp.lang == "en" else None)
                   or doc._.rdi_speaker_guess)
        dual = self.unit_partners(doc, own)
        for s in sents:
            mentions = sentence_countries(s)
            own_s = own
            speaker = speaker or own_s
            cues = {c.label_ for c in sentence_cues(s)}
            explicit.append(self.resolve_mentions(mentions, own_s, s.start, dual=dual, cues=cues))
        doc._.rdi_speaker = speaker
        context = self.context_target(doc._.rdi_context, own)
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

    def _marker_score(self, m: Span) -> float:
        doc = m.doc
        after1 = doc[m.end].text.lower() if m.end < len(doc) else ""
        after2 = after1 + (doc[m.end].whitespace_ + doc[m.end + 1].text.lower() if m.end + 1 < len(doc) else "")
        before = doc[m.start - 1].text.lower() if m.start > 0 else ""
        mk = self.markers
        if after1 in mk["strong_after"] or after2 in mk["strong_after"] or before in mk["strong_before"]:
            return 2.0
        if after1 in mk["weak_after"] or before in mk["weak_before"]:
            return 1.0
        return 0.0

    def unit_partners(self, doc: Doc, own: str | None) -> str:
        """What "the two countries" / "both sides" means in this unit: the one partner (JP, KR, US) other
        than the speaker named in the unit or the question; with no partner named, the one
        adversary named (a Japan-China or ROK-China meeting); else "other" (a third party on two partners)."""
        spans = list(doc.spans[COUNTRIES_KEY]) if COUNTRIES_KEY in doc.spans else []
        spans += self._context_spans(doc._.rdi_context)
        named = {m.label_ for m in spans if m.label_ in PARTNERS + ADVERSARIES and m.label_ != own
                 and not m.id_.startswith(TOPICAL) and m.id_ != DUAL}
        partners = named & set(PARTNERS)
        if len(partners) == 1:
            return partners.pop()
        # no partner named: "both sides" of a Japan-China or ROK-China meeting are China's
        return named.pop() if not partners and len(named) == 1 else "other"

    def resolve_mentions(self, mentions: list[Span], own: str | None = None, sent_start: int | None = None,
                         *, dual: str = "other", cues: set[str] | None = None) -> str | None:
        """Pick the target among country mentions (rule 1), or None; never the speaker's own country.

        ``cues``: the framing-cue labels of the sentence. Adversarial wording only ("condemn",
        "violation") with North Korea or China named aims at them, not at the partners named beside
        them ("The United States, Japan, and the ROK strongly condemn the DPRK's launch"); cooperative
        wording only aims at the partners ("trilateral cooperation to address the DPRK's threats").
        """
        scores: dict[str, float] = defaultdict(float)
        first: dict[str, int] = {}
        label = {m: (dual if m.id_ == DUAL else m.label_) for m in mentions}
        kept = sorted((m for m in mentions if label[m] != own), key=lambda m: m.start)
        # "the Republic of Korea (ROK)": an abbreviation in brackets is the same mention, not a second one
        kept = [m for i, m in enumerate(kept) if not (
            i and label[kept[i - 1]] == label[m] and m.start - kept[i - 1].end == 1 and m.doc[m.start - 1].text == "(")]
        cues = cues or set()
        adversarial = "nationalist" in cues  # with cooperative cues too: cooperation against the DPRK aims at it
        cooperative = "conciliatory" in cues and "nationalist" not in cues
        if cooperative and any(label[m] not in ADVERSARIES for m in kept):
            kept = [m for m in kept if label[m] not in ADVERSARIES]
        if adversarial or any(label[m] in PARTNERS and not m.id_.startswith(TOPICAL) for m in kept):
            # "the international community", "the G7", the UN beside a named partner, or in an
            # adversarial sentence ("a grave threat to the international community", "violates UN
            # resolutions", 国連安保理決議に違反), are the setting, not the aim
            kept = [m for m in kept if not (label[m] == "other" and m.text.lower() in SETTINGS)]
        if any(m.id_ != THIRD_STATE and (label[m] != "other" or m.id_ == OTHER_STATE) for m in kept):
            kept = [m for m in kept if m.id_ != THIRD_STATE]
        hostile = {m for m in kept
                   if (label[m] in ADVERSARIES or m.id_ == OTHER_STATE) and not m.id_.startswith(TOPICAL)}
        adversary_named = adversarial and bool(hostile)
        codes = {label[m] for m in kept}
        values = []
        for m in kept:
            if m.id_.startswith(TOPICAL):
                values.append(TOPIC_WEIGHT)
                continue
            score = 1.0 + self._marker_score(m)
            if adversary_named and m in hostile:
                score += 2.0
            if own is None and sent_start is not None and len(codes) > 1 and m.start - sent_start <= 2 and self._marker_score(m) == 0:
                score -= 0.75  # sentence-initial subject with unknown speaker: usually the speaker
            values.append(score)
        for i in range(len(kept) - 1):  # an enumeration ("米国、韓国と", "Japan and Korea") shares its marker
            a, b = kept[i], kept[i + 1]
            gap = a.doc[a.end : b.start]
            words = [t.text.lower() for t in gap]
            enum = (len(gap) <= 2 and all(w in ENUM for w in words)) or (
                len(gap) <= 4 and any(w in ENUM for w in words) and all(w in ENUM or w in ENUM_FILLER for w in words))
            if enum and not a.id_.startswith(TOPICAL) and not b.id_.startswith(TOPICAL):
                values[i] = values[i + 1] = max(values[i], values[i + 1])
        for m, score in zip(kept, values, strict=True):
            scores[label[m]] += score
            first.setdefault(label[m], m.start)
        if not scores:
            return None
        if not adversary_named and any(label[m] == "other" and is_trilateral(m) for m in kept):
            return "other"  # bilateral and trilateral cooperation in one sentence (codebook: target "other")
        ranked = sorted(scores, key=lambda c: (-scores[c], first[c]))
        if len(ranked) > 1 and scores[ranked[0]] - scores[ranked[1]] < 1e-9 and "other" not in ranked[:2]:
            tied = ranked[:2]
            if own is None and len(scores) == 2 and all(c in PARTNERS for c in tied):
                # speaker unknown, two partners on an equal footing: a bilateral sentence is said by
                # one of them, and a government names itself first ("Japan and the ROK are
                # important neighbours" is Japan's; "Korea and Japan cooperate" Korea's)
                return max(tied, key=lambda c: first[c])
            return "other"  # two partners named on an equal footing ("米国、韓国と連携")
        return ranked[0]

    @staticmethod
    def self_reference(mentions: list[Span], sent_start: int) -> str | None:
        """The country of a ``self_*`` mention that is the sentence's subject (speaker unknown), else None."""
        for m in mentions:
            bare = m.id_ in BARE_IDS
            if not (m.id_.startswith("self_") or bare):
                continue
            doc = m.doc
            before = [t.lower_ for t in doc[sent_start : m.start]]
            after = " ".join(t.lower_ for t in doc[m.end : m.end + 2])
            subject = len(before) <= 1 or (before[0] == "as" and len(before) <= 3)
            if bare:  # "Japan deeply appreciates…", "Korea will…": the first person of a government
                words = [t.lower_ for t in doc[m.end : m.end + 2]]
                verb = words[1] if words and words[0].endswith("ly") and len(words) > 1 else (words[0] if words else "")
                subject = subject and verb in SELF_VERBS
            if subject and not any(after == o or after.startswith(o + " ") for o in OBLIGATION):
                return m.label_
        return None

    def context_target(self, context: str | None, own: str | None = None) -> str | None:
        """Target named in the reporter's question, via the same gazetteer."""
        spans = self._context_spans(context)
        if not spans:
            return None
        # The question has no "speaker" of its own: prefer non-self mentions, then the most named.
        return self.resolve_mentions(spans, own)

    def _context_spans(self, context: str | None) -> list[Span]:
        """Country mentions of the reporter's question (cached per text: one unit asks it once)."""
        if not context or not context.strip():
            return []
        if self._ctx_cache.get("text") != context:
            ruler = self.nlp.get_pipe(self.gazetteer)
            cdoc = ruler(self.nlp.make_doc(context))
            for _name, pipe in self.nlp.pipeline:  # the question is read with the sentences' lexicon fill
                if isinstance(pipe, LexiconFill) and self.gazetteer in pipe.rulers:
                    cdoc = pipe.fill(cdoc, [self.gazetteer])
            self._ctx_cache = {"text": context,
                               "spans": list(cdoc.spans[COUNTRIES_KEY]) if COUNTRIES_KEY in cdoc.spans else []}
        return self._ctx_cache["spans"]

    def to_disk(self, path, *, exclude=()):  # noqa: ANN001 - spaCy serialisation protocol
        """Nothing to save beyond the config."""

    def from_disk(self, path, *, exclude=()):  # noqa: ANN001
        """Nothing to load beyond the config."""
        return self
