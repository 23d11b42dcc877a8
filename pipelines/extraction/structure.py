"""Note structure: line breaks, bullets and speaker turns.

Pasted notes are line-oriented (bullets, "Me:" / "Maria:" transcripts, email headers). This
component runs before the parser and starts a sentence at every line, so a bullet never runs
into the next, and it records who speaks on each line.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from giveback.pipelines.extraction.turns import find_turns

if not Doc.has_extension("turns"):
    Doc.set_extension("turns", default=None)


@Language.factory("giveback_structure", default_config={"split_lines": True})
def make_structure(nlp: Language, name: str, split_lines: bool) -> NoteStructure:
    """Register the structure component (spaCy factory)."""
    return NoteStructure(split_lines)


class NoteStructure:
    """Starts a sentence at each line and stores the speaker turns on ``doc._.turns``."""

    def __init__(self, split_lines: bool = True) -> None:
        self.split_lines = split_lines

    def __call__(self, doc: Doc) -> Doc:
        """Mark line starts as sentence starts and record speaker turns."""
        if self.split_lines:
            after_break = False
            for token in doc:
                if token.is_space and "\n" in token.text:
                    after_break = True
                    continue
                if after_break and token.i > 0:
                    token.is_sent_start = True
                    after_break = False
                elif "\n" in token.whitespace_:
                    after_break = True
        doc._.turns = find_turns(doc.text)
        if doc._.turns:
            starts = {t.start for t in doc._.turns}
            for token in doc:
                if token.idx in starts and token.i > 0:
                    token.is_sent_start = True
        return doc
