"""``rdi_target_aim``: the target of a sentence whose framing the classifier reads otherwise than the lexicon.

The target resolver (nlp/components/target_resolver.py) runs before the classifier, so it weighs
the countries a sentence names by its lexicon cues alone: with nationalist cues North Korea or
China named beside partners is the aim, with only conciliatory cues the partners are. Codebook
rule 13 puts the target where the *framing* points, and the classifier often reads the framing
where no cue fired: "we will work closely with the United States and the ROK toward a new
resolution including further measures against North Korea" has a cooperative cue only, yet it
presses North Korea (nationalist, target KP); "trilateral cooperation to deter the DPRK's nuclear
threats" may carry an adversarial cue, yet the classifier reads it as cooperation only (target the
partners).

For each sentence whose adversarial or cooperative reading by the classifier (``rdi_flags``)
differs from the one its cues imply, this component asks the resolver again with the
classifier's reading and, when the sentence itself names a country and the answer changes,
writes it to ``Span._.rdi_target`` with ``rdi_target_source = "aim"``. Sentences whose reading
agrees, or that name no country, keep their target. A sentence the classifier frames where no
cue fired at all, or no longer frames, is left alone: re-resolving those moved about as many
targets wrong as right on the test split (nlp/MEASUREMENTS.md §29).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp.components.target_resolver import TargetResolver
from nlp.features import sentence_countries, sentence_cues

FRAMING = ("nationalist", "conciliatory")


@Language.factory(
    "rdi_target_aim",
    requires=["span._.rdi_flags", "span._.rdi_target", "doc.spans"],
    assigns=["span._.rdi_target", "span._.rdi_target_source"],
    default_config={"resolver": "target"},
)
def make_target_aim(nlp: Language, name: str, *, resolver: str) -> TargetAim:
    """Build the component; ``resolver`` names the pipeline's ``rdi_target_resolver``."""
    return TargetAim(nlp, name, resolver=resolver)


def stance(labels: Iterable[str]) -> str | None:
    """``"adversarial"`` when nationalist is among ``labels``, ``"cooperative"`` when only
    conciliatory is, else None (the reading the resolver's cue rule keys on)."""
    labels = set(labels)
    if "nationalist" in labels:
        return "adversarial"
    return "cooperative" if "conciliatory" in labels else None


class TargetAim:
    """Re-resolve the target of sentences whose classifier reading flips the cues' stance."""

    def __init__(self, nlp: Language, name: str, *, resolver: str) -> None:
        self.nlp = nlp
        self.name = name
        self.resolver = resolver

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], *, batch_size: int | None = None) -> Iterator[Doc]:
        resolver = self.nlp.get_pipe(self.resolver)
        if not isinstance(resolver, TargetResolver):
            raise ValueError(f"{self.name}: pipe {self.resolver!r} is not an rdi_target_resolver")
        for doc in docs:
            self.aim(doc, resolver)
            yield doc

    @staticmethod
    def aim(doc: Doc, resolver: TargetResolver) -> None:
        """Re-resolve the sentences of ``doc`` whose classifier reading differs from their cues'."""
        dual: str | None = None
        own = doc._.rdi_speaker
        for sent in doc.sents:
            read = reading(sent)
            if read is None:
                continue
            if dual is None:
                dual = resolver.unit_partners(doc, own)
            target = resolver.resolve_mentions(sentence_countries(sent), own, sent.start, dual=dual, cues=read)
            if target is not None and target != sent._.rdi_target:
                sent._.rdi_target, sent._.rdi_target_source = target, "aim"


def reading(sent: Span) -> set[str] | None:
    """The sentence's cue labels with the classifier's framing in place of the cues', when the two
    readings are opposite framings (adversarial vs cooperative); else None."""
    flags = sent._.rdi_flags
    framed = {k for k in FRAMING if flags and flags.get(k)}
    if not framed:  # most sentences: no reading to compare, and no cue lookup
        return None
    cues = {c.label_ for c in sentence_cues(sent)}
    read = (cues - set(FRAMING)) | framed
    before, after = stance(cues), stance(read)
    if before is None or before == after:
        return None
    return read
