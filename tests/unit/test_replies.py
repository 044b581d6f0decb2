"""The wording users read lives in bot/data/replies/, and the actions use exactly what is there."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from bot import replies

ROOT = Path(__file__).resolve().parents[2]
HAN = re.compile(r"[\u4e00-\u9fff]")
CALLS = ("say", "buttons", "words", "entry")
LOGGING = ("debug", "info", "warning", "error", "exception")


def _trees():
    for path in sorted([*(ROOT / "actions").glob("*.py"), *(ROOT / "bot").rglob("*.py")]):
        yield path.relative_to(ROOT), ast.parse(path.read_text(encoding="utf-8"))


def _uses() -> list[tuple[str, str, str, set[str] | None]]:
    """(file, function, reply name, keyword names or None when **values are passed) for every literal use."""
    found = []
    for path, tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and [getattr(t, "id", "") for t in node.targets] in (["reply"], ["choices"]) \
                    and isinstance(node.value, ast.Constant) and node.value.value:  # a Question's fixed wording
                found.append((str(path), "say" if node.targets[0].id == "reply" else "buttons", node.value.value, set()))
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            first = node.args[0]
            if func in CALLS and isinstance(first, ast.Constant) and isinstance(first.value, str) and "." in first.value:
                names = None if any(k.arg is None for k in node.keywords) else {k.arg for k in node.keywords}
                found.append((str(path), func, first.value, names))
    return found


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_reply_used_exists_and_gets_its_values():
    problems = []
    for path, func, name, given in _uses():
        try:
            value = replies.entry(name)
        except KeyError:
            problems.append(f"{path}: {name} does not exist")
            continue
        if func == "say" and given is not None and _fields(value) != given:
            problems.append(f"{path}: {name} needs {sorted(_fields(value))}, given {sorted(given)}")
    for name in _named_anywhere():
        try:
            replies.entry(name)
        except KeyError:
            problems.append(f"{name} does not exist")
    assert problems == []


def _named_anywhere() -> set[str]:
    """Every string in actions/ that is a reply's name (some are passed on, as a form's filing replies are)."""
    topics = tuple(f"{topic}." for topic in replies.all_replies())
    return {node.value for path, tree in _trees() if path.parts[0] == "actions" for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith(topics)
            and " " not in node.value}


def test_every_reply_is_used():
    used = {name for _, _, name, _ in _uses()} | _named_anywhere()
    written = {f"{topic}.{key}" for topic, entries in replies.all_replies().items() for key in entries}
    assert written - used == set(), "wording nobody says: remove it, or use it"


def test_the_actions_hold_no_wording_of_their_own():
    """Chinese in actions/ is only in docstrings, comments, patterns and log lines; the rest is in the replies."""
    found = []
    for path in sorted((ROOT / "actions").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        allowed = set()
        for node in ast.walk(tree):
            body = getattr(node, "body", None)
            if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                allowed.add(id(body[0].value))  # a docstring
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and (
                    node.func.attr in LOGGING or (isinstance(node.func.value, ast.Name) and node.func.value.id == "re")):
                allowed.update(id(inner) for inner in ast.walk(node))
        found += [f"{path.relative_to(ROOT)}:{node.lineno} {node.value[:30]!r}" for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str) and HAN.search(node.value)
                  and id(node) not in allowed]
    assert found == []


@pytest.mark.parametrize("name", ["no.such_reply", "nosuchtopic.x"])
def test_an_unknown_reply_is_an_error_that_names_it(name):
    with pytest.raises(KeyError, match=name):
        replies.say(name)
