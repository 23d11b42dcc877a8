"""The phrases a clause could be named by: the parts of its parse, each with its features.

A clause such as "she'd love to meet someone who hires designers in digital health" can be named
by many of its parts: "someone who hires designers in digital health", "designers", "digital
health", "meet someone who hires designers". The phrase model chooses among them; this module
lists them (each once) and describes each one by where it sits in the parse.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Span, Token

from giveback.pipelines.extraction.phrases import normalize

# Articles, possessives and prepositions a phrase never starts with ("her son" -> "son").
LEADING = frozenset(
    {
        "a",
        "an",
        "the",
        "her",
        "his",
        "their",
        "my",
        "our",
        "your",
        "its",
        "some",
        "any",
        "to",
        "for",
        "about",
        "on",
        "of",
        "that",
        "with",
        "in",
        "at",
        "and",
        "but",
        "so",
        "also",
    }
)
MAX_WORDS = 10
# A day of the week names when, never what: no labeled want or interest is one ("see his
# grandkids in Split on Sundays" is not a need for Sundays); a caution may be ("not Saturdays").
_WHEN = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)days?|weekends?", re.IGNORECASE)
# Marks of note-taking that name nothing ("NB: no printed guides", "fyi", "lol"); not "PS",
# which may be a personal statement ("help with her PS for med school").
NOTE_MARKS = frozenset({"nb", "n.b.", "p.s.", "fyi", "btw", "fwiw", "imo", "tbh", "lol", "asap"})
_PRONOUNS = frozenset({"PRON"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """One way to name a clause: its words as written, and what describes it."""

    text: str
    features: dict[str, float]


def clause_root(span: Span) -> Token:
    """The token of ``span`` whose head lies outside it (or the first)."""
    for token in span:
        if token.head.i < span.start or token.head.i >= span.end or token.head.i == token.i:
            return token
    return span[0]


def trimmed(tokens: Iterable[Token]) -> list[Token]:
    """The tokens in order, without leading articles, possessives and punctuation."""
    kept = sorted((t for t in tokens if not t.is_space), key=lambda t: t.i)
    while kept and (kept[0].lower_ in LEADING or kept[0].is_punct):
        kept = kept[1:]
    while kept and (kept[-1].is_punct or kept[-1].lower_ in LEADING):
        kept = kept[:-1]
    return kept[:MAX_WORDS]


def words_of(tokens: Sequence[Token]) -> str:
    """The note's own text from the first to the last token, normalized."""
    if not tokens:
        return ""
    doc = tokens[0].doc
    return normalize(doc.text[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)])


def _inside(span: Span, tokens: Iterable[Token]) -> list[Token]:
    return [t for t in tokens if span.start <= t.i < span.end]


def _describe(
    kind: str, how: str, head: Token, tokens: Sequence[Token], span: Span, root: Token
) -> dict[str, float]:
    verb = root.lemma_.lower() if root.pos_ in ("VERB", "AUX") else "-"
    words = len(tokens)
    size = "1" if words == 1 else "2-3" if words <= 3 else "4-6" if words <= 6 else "7+"
    place = (tokens[0].i - span.start) / max(len(span), 1)
    names = {
        f"how={how}",
        f"kind={kind}|how={how}",
        f"dep={head.dep_}",
        f"kind={kind}|dep={head.dep_}",
        f"pos={head.pos_}",
        f"kind={kind}|pos={head.pos_}",
        f"first_pos={tokens[0].pos_}",
        f"kind={kind}|first_pos={tokens[0].pos_}",
        f"size={size}",
        f"kind={kind}|size={size}",
        f"verb={verb}|dep={head.dep_}",
        f"head_dep={head.head.dep_}|dep={head.dep_}",
        f"is_root={head.i == root.i}",
        f"whole={len(tokens) >= len(span) - 2}",
        f"has_propn={any(t.pos_ == 'PROPN' for t in tokens)}",
        f"has_verb={any(t.pos_ == 'VERB' for t in tokens)}",
        f"kind={kind}|has_verb={any(t.pos_ == 'VERB' for t in tokens)}",
        f"ends_pos={tokens[-1].pos_}",
        f"pronoun_head={head.pos_ in _PRONOUNS}",
        f"entity={head.ent_type_ or '-'}",
        f"place={'start' if place < 0.2 else 'middle' if place < 0.6 else 'end'}",
        # The words themselves: "someone", "thing", "time" rarely name anything.
        f"head={head.lemma_.lower()}",
        f"first={tokens[0].lemma_.lower()}",
        f"last={tokens[-1].lemma_.lower()}",
        f"kind={kind}|verb={verb}|how={how}",
    }
    features = dict.fromkeys(names, 1.0)
    features["words"] = min(words, MAX_WORDS) / MAX_WORDS
    features["share"] = min(words / max(len(span), 1), 1.0)
    return features


def _names_nothing(kind: str, words: Sequence[str], tokens: Sequence[Token] = ()) -> bool:
    """Whether a phrase of these words (and tokens, when parsed) can name no signal of
    ``kind``: only pronouns, articles and marks of note-taking, or a want that is only when."""
    if tokens and all(t.pos_ in ("PRON", "DET", "PUNCT") or t.lower_ in NOTE_MARKS for t in tokens):
        return True
    return all(w.casefold() in NOTE_MARKS for w in words) or (
        kind in ("need", "interest") and all(_WHEN.fullmatch(w) for w in words)
    )


def candidates(span: Span, kind: str, rule_phrase: str | None = None) -> list[Candidate]:
    """Every distinct phrase the clause ``span`` could be named by, for a signal of ``kind``.

    Subtrees of the root's dependents and of every noun, verb phrases (a verb with what follows
    it, "become a vet"), noun chunks, named entities, the whole clause, and the phrase the rules
    heard there when they heard the same kind.
    """
    root = clause_root(span)
    found: dict[str, Candidate] = {}

    def add(how: str, head: Token, tokens: Iterable[Token]) -> None:
        kept = trimmed(_inside(span, tokens))
        text = words_of(kept)
        if not text or text in found or _names_nothing(kind, [t.text for t in kept], kept):
            return
        found[text] = Candidate(text, _describe(kind, how, head, kept, span, root))

    for token in span:
        subtree = list(token.subtree)
        if token.pos_ in ("NOUN", "PROPN", "NUM") or token.dep_ in ("dobj", "pobj", "attr"):
            add("subtree", token, subtree)
            add("head", token, [token])
        if token.pos_ in ("VERB", "AUX") and token.i != root.i:
            add("verb_phrase", token, subtree)
        if token.pos_ == "VERB":
            after = [t for t in subtree if t.i >= token.i]
            add("verb_onwards", token, after)
        if token.dep_ == "prep":
            add("prep_phrase", token, subtree)
    for chunk in span.noun_chunks:
        add("chunk", chunk.root, list(chunk))
    for entity in span.ents:
        add("entity", entity.root, list(entity))
    add("root_onwards", root, [t for t in span if t.i >= root.i])
    add("whole", root, list(span))
    if rule_phrase and not _names_nothing(kind, rule_phrase.split()):
        text = normalize(rule_phrase)
        if text not in found:
            found[text] = Candidate(text, _describe(kind, "rules", root, list(span), span, root))
        found[text].features["from_rules"] = 1.0
    return list(found.values())
