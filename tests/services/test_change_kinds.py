"""Change notifications: one ChangeKind enum; no emitter or listener spells a kind as a string."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest

from tracker.services.changes import Change, ChangeKind
from tracker.services.reality import Reality

PACKAGE = Path(__file__).resolve().parents[2] / "tracker"
# calls that carry a change kind as their first argument
EMITTERS = {"Change", "emit", "on_data_changed", "invalidate", "refilter_form"}


def test_an_unknown_kind_is_refused_loudly():
    with pytest.raises(ValueError, match="'evaluation'"):
        Change("evaluation")
    assert Change("revisits").kind is ChangeKind.REVISITS  # a member's value is converted


def test_every_kind_a_real_service_emits_is_a_member(data_dir):
    from tracker.services.journal import Journal

    journal = Journal.open(data_dir)
    try:
        reality = Reality(journal)
        skill = journal.add_skill("Overall").ids[0]
        checkin = journal.record(ratings={skill: 6}).ids[0]
        logged = reality.log_evaluation(kind="interview", evaluator="ACME", probability=0.5,
                                        expected_by=date(2030, 1, 1))
        resolved = reality.resolve(logged.ids[0], "accepted")
        kinds = [journal.add_factor("Coffee", "number", unit="cups").kind, logged.kind,
                 resolved.kind, journal.delete(checkin).kind]
    finally:
        journal.close()
    assert kinds == [ChangeKind.FACTORS, ChangeKind.EVALUATIONS, ChangeKind.EVALUATIONS,
                     ChangeKind.CHECKINS]
    assert all(type(k) is ChangeKind for k in kinds)


def _kind_literals(tree: ast.AST) -> list[tuple[int, str]]:
    """Where a change kind is written as a string: a call's first argument, a ``kind in (...)``
    or ``kind == ...`` test, or a ``kind = "x" if ... else "y"``."""
    values = {k.value for k in ChangeKind}
    found = []

    def strings(node: ast.AST) -> list[ast.Constant]:
        return [n for n in ast.walk(node) if isinstance(n, ast.Constant) and n.value in values]

    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name in EMITTERS:
                found += [(c.lineno, c.value) for c in strings(node.args[0])]
        elif isinstance(node, ast.Compare) and "kind" in ast.unparse(node.left):
            found += [(c.lineno, c.value) for c in strings(node)]
        elif isinstance(node, (ast.Assign, ast.arguments)) and "kind" in ast.unparse(node):
            value = node.value if isinstance(node, ast.Assign) else node
            found += [(c.lineno, c.value) for c in strings(value)
                      if isinstance(node, ast.arguments) or isinstance(node.value, ast.IfExp)]
    return found


def test_no_emitter_or_listener_spells_a_kind_as_a_string():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        offenders += [f"{path.relative_to(PACKAGE.parent)}:{line}: {value!r}"
                      for line, value in _kind_literals(tree)]
    assert offenders == []


def test_every_change_kind_attribute_named_in_the_package_exists():
    named = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id == "ChangeKind"):
                named.add(node.attr)
    assert named and named <= set(ChangeKind.__members__)
