"""The full-fidelity JSON format: every definition and every check-in, validated on load.

Layout (``format_version`` 1)::

    {"format": "touchstone", "format_version": 1, "exported_at": "2024-03-01T08:00:00+00:00",
     "skills": [{"id", "name", "position", "archived", "anchor_low", "anchor_mid",
                 "anchor_high"}, ...],
     "factors": [{"id", "name", "kind", "minimum", "maximum", "step", "unit", "builtin",
                  "position", "archived", "low_label", "high_label"}, ...],
     "checkins": [{"id", "timestamp", "ratings": {skill_id: 1-10},
                   "values": {factor_id: number}, "tags": [...], "note"}, ...]}

Version 2 adds ``evaluations`` and ``revisits`` (layout in ``reality_json.py``); version 3
adds ``probes`` (with every trial), ``measures`` and ``outcomes`` (layout in
``measured_json.py``). A file is written in the oldest version that holds its data (a journal
without evaluations or probes as version 1, which older Touchstones read); a file may leave
any section of its version out (an empty list).

Loading accepts older versions through ``_UPGRADES`` (version n -> n + 1, applied in order)
and refuses newer ones. Sections are checked against the file's own version first (a version-1
file with "evaluations" is refused). Every problem becomes an ``ExchangeError`` naming the first
bad record; ``load_json`` returns a ``MeasuredDataset`` (a ``Dataset`` with evaluations,
revisits, probes, measures and outcomes).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from tracker.domain.models import CheckIn, Factor, FactorKind, Skill
from tracker.domain.validation import validate_checkin, validate_factor, validate_skill_name
from tracker.errors import ExchangeError, ValidationError
from tracker.exchange.dataset import (
    Dataset,
    is_finite_number,
    json_number,
    located_error,
    parse_timestamp,
)
from tracker.exchange.measured_json import (
    MEASURED_SECTIONS,
    MeasuredDataset,
    has_measured,
    load_measured,
    measured_to_json,
)
from tracker.exchange.reality_json import (
    REALITY_SECTIONS,
    evaluation_to_json,
    load_reality,
    revisit_to_json,
)
from tracker.exchange.text import decode_text

FORMAT_MARKER = "touchstone"
FORMAT_VERSION = 3
MAX_ID_LENGTH = 200
POSITION_LIMIT = 2**31



def _add_reality_sections(document: dict[str, Any]) -> dict[str, Any]:
    """Version 1 -> 2: no evaluations, no revisits yet."""
    document.setdefault("evaluations", [])
    document.setdefault("revisits", [])
    return document


def _add_measured_sections(document: dict[str, Any]) -> dict[str, Any]:
    """Version 2 -> 3: no probes, measures or outcomes yet."""
    for section in MEASURED_SECTIONS:
        document.setdefault(section, [])
    return document


# Upgrade steps for older files: ``_UPGRADES[n]`` turns a version-n document (a dict) into a
# version n + 1 document.
_UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: _add_reality_sections, 2: _add_measured_sections}

_SECTIONS = ("skills", "factors", "checkins")
_V1_KEYS = {"format", "format_version", "exported_at", *_SECTIONS}
# the top-level keys a file of each version may have
_KEYS_OF = {1: _V1_KEYS, 2: _V1_KEYS | set(REALITY_SECTIONS),
            3: _V1_KEYS | set(REALITY_SECTIONS) | set(MEASURED_SECTIONS)}
_SKILL_KEYS = {"id", "name", "position", "archived", "anchor_low", "anchor_mid", "anchor_high"}
_FACTOR_KEYS = {
    "id", "name", "kind", "minimum", "maximum", "step", "unit", "builtin", "position",
    "archived", "low_label", "high_label",
}  # fmt: skip
_CHECKIN_KEYS = {"id", "timestamp", "ratings", "values", "tags", "note"}


class _Bad(Exception):
    """A problem inside one record; turned into an ``ExchangeError`` with its location."""


# --------------------------------------------------------------------------------- dumping


def dump_json(data: Dataset) -> str:
    """Serialise ``data`` as Touchstone JSON (UTF-8 text, indented, non-ASCII kept).

    The oldest version that holds everything ``data`` carries: 3 with probes, measures or
    outcomes, 2 with evaluations or revisits, else 1 (which older Touchstones read).
    """
    evaluations = getattr(data, "evaluations", None) or []
    revisits = getattr(data, "revisits", None) or []
    measured = has_measured(data)
    document: dict[str, Any] = {
        "format": FORMAT_MARKER,
        "format_version": 3 if measured else 2 if evaluations or revisits else 1,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "skills": [_skill_to_json(s) for s in data.skills],
        "factors": [_factor_to_json(f) for f in data.factors],
        "checkins": [_checkin_to_json(c) for c in data.checkins],
    }
    if evaluations or revisits or measured:
        document["evaluations"] = [evaluation_to_json(e) for e in evaluations]
        document["revisits"] = [revisit_to_json(r) for r in revisits]
    if measured:
        document.update(measured_to_json(data))
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def _skill_to_json(skill: Skill) -> dict[str, Any]:
    return {
        "id": skill.id,
        "name": skill.name,
        "position": skill.position,
        "archived": skill.archived,
        "anchor_low": skill.anchor_low,
        "anchor_mid": skill.anchor_mid,
        "anchor_high": skill.anchor_high,
    }


def _factor_to_json(factor: Factor) -> dict[str, Any]:
    return {
        "id": factor.id,
        "name": factor.name,
        "kind": str(factor.kind),
        "minimum": None if factor.minimum is None else json_number(factor.minimum),
        "maximum": None if factor.maximum is None else json_number(factor.maximum),
        "step": json_number(factor.step),
        "unit": factor.unit,
        "builtin": factor.builtin,
        "position": factor.position,
        "archived": factor.archived,
        "low_label": factor.low_label,
        "high_label": factor.high_label,
    }


def _checkin_to_json(checkin: CheckIn) -> dict[str, Any]:
    return {
        "id": checkin.id,
        "timestamp": checkin.at.isoformat(),
        "ratings": {k: int(v) for k, v in checkin.ratings.items()},
        "values": {k: json_number(v) for k, v in checkin.values.items()},
        "tags": list(checkin.tags),
        "note": checkin.note,
    }


# --------------------------------------------------------------------------------- loading


def load_json(text: str | bytes) -> Dataset:
    """Parse and validate Touchstone JSON; raise ``ExchangeError`` on any problem."""
    document = _parse(text)
    _check_version(document)
    allowed = _KEYS_OF[document["format_version"]]
    unknown = sorted(set(document) - allowed)
    if unknown:
        raise ExchangeError(
            f"Unknown section {unknown[0]!r} in the file; this Touchstone reads "
            f"{', '.join(sorted(allowed))} in a version-{document['format_version']} file."
        )
    document = _upgrade(document)
    exported_at = document.get("exported_at")
    if exported_at is not None and not isinstance(exported_at, str):
        raise ExchangeError("'exported_at' must be a time written as text.")
    for section in _SECTIONS:
        if section not in document:
            raise ExchangeError(f"The file has no {section!r} list.")
        if not isinstance(document[section], list):
            raise ExchangeError(f"{section!r} must be a list.")

    skills: list[Skill] = []
    for n, raw in enumerate(document["skills"], start=1):
        try:
            skills.append(_skill_from_json(raw, skills))
        except (_Bad, ValidationError) as exc:
            raise located_error(f"skill {n}", n, _text(exc)) from None
    factors: list[Factor] = []
    for n, raw in enumerate(document["factors"], start=1):
        try:
            factors.append(_factor_from_json(raw, factors))
        except (_Bad, ValidationError) as exc:
            raise located_error(f"factor {n}", n, _text(exc)) from None

    skill_map = {s.id: s for s in skills}
    factor_map = {f.id: f for f in factors}
    checkins: list[CheckIn] = []
    seen: dict[str, int] = {}
    for n, raw in enumerate(document["checkins"], start=1):
        label = f"check-in {n}"
        raw_id = raw.get("id") if isinstance(raw, dict) else None
        if isinstance(raw_id, str) and 0 < len(raw_id) <= MAX_ID_LENGTH and _clean(raw_id):
            label += f" (id {raw_id})"
        try:
            checkin = _checkin_from_json(raw, skill_map, factor_map)
        except (_Bad, ValidationError) as exc:
            raise located_error(label, n, _text(exc)) from None
        except ArithmeticError:  # a value against absurd bounds/step (e.g. step 1e-320)
            raise located_error(
                label, n, "a value cannot be checked against its factor's bounds and step."
            ) from None
        if checkin.id in seen:
            raise located_error(
                label,
                n,
                f"the id {checkin.id} is used again (first by check-in {seen[checkin.id]}).",
            )
        seen[checkin.id] = n
        checkins.append(checkin)
    evaluations, revisits = load_reality(document, skill_map, checkins)
    probes, measures, outcomes = load_measured(document, {c.id for c in checkins})
    return MeasuredDataset(skills=skills, factors=factors, checkins=checkins,
                           evaluations=evaluations, revisits=revisits, probes=probes,
                           measures=measures, outcomes=outcomes)


def _parse(text: str | bytes) -> dict[str, Any]:
    text = decode_text(text)
    try:
        document = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise ExchangeError(
            f"The file is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        ) from None
    except _Bad as exc:
        raise ExchangeError(f"The file is not valid JSON: {exc}.") from None
    except (ValueError, RecursionError):  # an integer with thousands of digits, deep nesting
        raise ExchangeError(
            "The file is not valid Touchstone JSON (a value is too large or too deeply nested)."
        ) from None
    if not isinstance(document, dict):
        raise ExchangeError("The file is not a Touchstone export (expected a JSON object).")
    if document.get("format") != FORMAT_MARKER:
        raise ExchangeError(
            'The file is not a Touchstone export (its "format" is not "touchstone").'
        )
    return document


def _reject_constant(name: str) -> float:
    raise _Bad(f"{name} is not a number JSON allows")


def _check_version(document: dict[str, Any]) -> None:
    version = document.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ExchangeError('The file has no valid "format_version" (a whole number from 1).')
    if version > FORMAT_VERSION:
        raise ExchangeError(
            f"This file was made by a newer Touchstone (format version {version}); this one "
            f"reads up to version {FORMAT_VERSION}. Update Touchstone to import it."
        )


def _upgrade(document: dict[str, Any]) -> dict[str, Any]:
    _check_version(document)
    version = document["format_version"]
    while version < FORMAT_VERSION:
        document = _UPGRADES[version](document)
        version += 1
        document["format_version"] = version
    return document


def _skill_from_json(raw: object, earlier: list[Skill]) -> Skill:
    record = _record(raw, _SKILL_KEYS, required=("id", "name"))
    skill_id = _ident(record, "id")
    if any(s.id == skill_id for s in earlier):
        raise _Bad(f"the id {skill_id!r} is used by two skills.")
    name = validate_skill_name(_string(record, "name"), [s.name for s in earlier])
    return Skill(
        id=skill_id,
        name=name,
        position=_position(record),
        archived=_flag(record, "archived"),
        anchor_low=_string(record, "anchor_low", ""),
        anchor_mid=_string(record, "anchor_mid", ""),
        anchor_high=_string(record, "anchor_high", ""),
    )


def _factor_from_json(raw: object, earlier: list[Factor]) -> Factor:
    record = _record(raw, _FACTOR_KEYS, required=("id", "name", "kind"))
    factor_id = _ident(record, "id")
    if any(f.id == factor_id for f in earlier):
        raise _Bad(f"the id {factor_id!r} is used by two factors.")
    kind_text = record["kind"]
    kinds = [k.value for k in FactorKind]
    if kind_text not in kinds:
        raise _Bad(f"'kind' must be one of {', '.join(kinds)}, not {_show(kind_text)}.")
    factor = Factor(
        id=factor_id,
        name=" ".join(_string(record, "name").split()),
        kind=FactorKind(kind_text),
        minimum=_optional_number(record, "minimum"),
        maximum=_optional_number(record, "maximum"),
        step=_number(record, "step", 1.0),
        unit=_string(record, "unit", ""),
        builtin=_flag(record, "builtin"),
        position=_position(record),
        archived=_flag(record, "archived"),
        low_label=_string(record, "low_label", ""),
        high_label=_string(record, "high_label", ""),
    )
    validate_factor(factor, [f.name for f in earlier])
    return factor


def _checkin_from_json(
    raw: object, skills: dict[str, Skill], factors: dict[str, Factor]
) -> CheckIn:
    record = _record(raw, _CHECKIN_KEYS, required=("id", "timestamp"))
    checkin_id = _ident(record, "id")
    try:
        at = parse_timestamp(_string(record, "timestamp"))
    except ValueError as exc:
        raise _Bad(f"'timestamp': {exc}.") from None

    ratings_raw = _mapping(record, "ratings")
    ratings: dict[str, Any] = {}
    for skill_id, value in ratings_raw.items():
        skill = skills.get(skill_id)
        if skill is None:
            raise _Bad(f"rates skill {_show(skill_id)}, which is not in the file's 'skills'.")
        if not is_finite_number(value):
            raise _Bad(
                f"{skill.name}: a rating is a whole number from 1 to 10, not {_show(value)}."
            )
        ratings[skill_id] = value

    values: dict[str, Any] = {}
    for factor_id, value in _mapping(record, "values").items():
        factor = factors.get(factor_id)
        if factor is None:
            raise _Bad(
                f"has a value for factor {_show(factor_id)}, which is not in the file's 'factors'."
            )
        if value is None:
            continue
        if not is_finite_number(value):
            raise _Bad(f"{factor.name}: the value must be a number, not {_show(value)}.")
        values[factor_id] = value

    tags = record.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise _Bad("'tags' must be a list of texts.")
    for tag in tags:
        _check_text(tag, "a tag")
    checkin = CheckIn(
        id=checkin_id,
        at=at,
        ratings=ratings,
        values=values,
        tags=tuple(tags),
        note=_string(record, "note", ""),
    )
    return validate_checkin(checkin, skills, factors, require_rating=False)


# ----------------------------------------------------------------------- field accessors


def _record(raw: object, allowed: set[str], required: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _Bad(f"expected an object with {', '.join(required)}, found {_show(raw)}.")
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise _Bad(f"unknown field {_show(unknown[0])}.")
    for key in required:
        if key not in raw:
            raise _Bad(f"the field {key!r} is missing.")
    return raw


def _string(record: dict[str, Any], key: str, default: str | None = None) -> str:
    value = record.get(key, default)
    if not isinstance(value, str):
        raise _Bad(f"{key!r} must be text, not {_show(value)}.")
    _check_text(value, repr(key))
    return value


def _check_text(value: str, what: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _Bad(f"{what} contains an invalid character (an unpaired surrogate).") from None


def _clean(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return value.isprintable() and value.strip() == value


def _ident(record: dict[str, Any], key: str) -> str:
    value = _string(record, key)
    if not value or len(value) > MAX_ID_LENGTH or not _clean(value):
        raise _Bad(
            f"{key!r} must be a non-empty text of at most {MAX_ID_LENGTH} printable characters "
            f"without surrounding spaces, not {_show(value)}."
        )
    return value


def _flag(record: dict[str, Any], key: str) -> bool:
    value = record.get(key, False)
    if not isinstance(value, bool):
        raise _Bad(f"{key!r} must be true or false, not {_show(value)}.")
    return value


def _position(record: dict[str, Any]) -> int:
    value = record.get("position", 0)
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) >= POSITION_LIMIT:
        raise _Bad(f"'position' must be a whole number, not {_show(value)}.")
    return value


def _number(record: dict[str, Any], key: str, default: float) -> float:
    value = record.get(key, default)
    if not is_finite_number(value):
        raise _Bad(f"{key!r} must be a number, not {_show(value)}.")
    return float(value)


def _optional_number(record: dict[str, Any], key: str) -> float | None:
    if record.get(key) is None:
        return None
    return _number(record, key, 0.0)


def _mapping(record: dict[str, Any], key: str) -> dict[str, Any]:
    value = record.get(key, {})
    if not isinstance(value, dict):
        raise _Bad(f"{key!r} must be an object mapping ids to numbers, not {_show(value)}.")
    return value


def _show(value: object, limit: int = 40) -> str:
    """A short, safe rendering of a value found in a file (never the whole value)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, str):
        text = repr(value) if _clean(value) else ascii(value)
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text(exc: Exception) -> str:
    return str(exc)
