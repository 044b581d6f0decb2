"""Mark in new training examples the spans the built tagger finds, so that authors write plain text.

Training data must mark exactly what the spaCy tagger (build/spacy_zh) tags (a unit test checks
it); marking by hand is slow and error-prone, so plain lines are marked from the tagger itself.
Lines that already carry annotations are left as their author wrote them.
"""

from __future__ import annotations

import re
from pathlib import Path

TAGGED = ("town", "community", "urgency", "need_category", "resource_type", "provider_type", "community_type")
_ANNOTATED = re.compile(r"\[[^\]]+\][({]")
_EXAMPLE = re.compile(r"^(\s*- )(.*)$")


def load_tagger(build_dir: Path):
    import spacy

    from bot.lexicon.resources import load_jieba_dictionary

    load_jieba_dictionary(build_dir / "jieba")
    return spacy.load(build_dir / "spacy_zh")


def annotate(nlp, text: str) -> str:
    """The text with every tagged span written as [span](label)."""
    if _ANNOTATED.search(text):
        return text
    out, position = [], 0
    for ent in nlp(text).ents:
        if ent.label_ not in TAGGED:
            continue
        out.append(text[position : ent.start_char])
        out.append(f"[{ent.text}]({ent.label_})")
        position = ent.end_char
    return "".join(out) + text[position:]


def annotate_file(nlp, path: Path) -> int:
    """Annotate the example lines of one Rasa NLU file in place; the number of lines changed."""
    changed, lines = 0, []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _EXAMPLE.match(line)
        if match:
            marked = annotate(nlp, match.group(2))
            changed += marked != match.group(2)
            line = match.group(1) + marked
        lines.append(line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return changed
