"""Reading JSON-shaped dicts into frozen dataclasses by their type hints (the report's types).

``parse(cls, data)`` builds ``cls`` from ``data``, recursing through dataclass fields, lists,
fixed-length tuples, ``dict[str, X]`` and unions (``X | None``; of dataclasses, the first that
fits). A field with a default is a key that may be absent. Pure: the standard library only.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any, TypeVar

T = TypeVar("T")


class ShapeError(ValueError):
    """A dict does not match the typed definition (a key, a missing key, a type)."""


def parse(cls: type[T], data: object, *, strict: bool = False) -> T:
    """``data`` (a report dict, or part of one) as ``cls``; ``ShapeError`` when a key the
    definition requires is missing. ``strict`` also refuses a key the definition lacks
    and a value of the wrong type (the contract test; the app reads leniently)."""
    parsed: T = _value(cls, data, strict, cls.__name__)
    return parsed


_FIELDS: dict[type, list[tuple[str, str, Any, bool]]] = {}


def _fields(cls: type) -> list[tuple[str, str, Any, bool]]:
    """(attribute, JSON key, type, required) per field, cached."""
    if cls not in _FIELDS:
        hints = typing.get_type_hints(cls)
        _FIELDS[cls] = [
            (f.name, f.metadata.get("key", f.name), hints[f.name],
             f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
            for f in dataclasses.fields(cls)]
    return _FIELDS[cls]


def _object(cls: Any, data: object, strict: bool, path: str) -> object:
    if not isinstance(data, dict):
        raise ShapeError(f"{path}: expected an object, got {type(data).__name__}")
    fields = _fields(cls)
    if strict:
        unknown = set(data) - {key for _, key, _, _ in fields}
        if unknown:
            raise ShapeError(f"{path}: keys not in {cls.__name__}: {sorted(unknown)}")
    values = {}
    for name, key, tp, required in fields:
        if key in data:
            values[name] = _value(tp, data[key], strict, f"{path}.{key}")
        elif required:
            raise ShapeError(f"{path}: {cls.__name__} needs the key {key!r}")
    return cls(**values)


def _value(tp: Any, value: object, strict: bool, path: str) -> Any:
    if dataclasses.is_dataclass(tp):
        return _object(tp, value, strict, path)
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (types.UnionType, typing.Union):
        if value is None and type(None) in args:
            return None
        options = [a for a in args if a is not type(None)]
        for option in options[:-1]:  # the first option that fits (RegressionFit | NoRegression)
            try:
                return _value(option, value, True, path)
            except ShapeError:
                continue
        return _value(options[-1], value, strict, path)
    if origin is list:
        if not isinstance(value, list):
            raise ShapeError(f"{path}: expected a list, got {type(value).__name__}")
        return [_value(args[0], v, strict, f"{path}[{i}]") for i, v in enumerate(value)]
    if origin is tuple:
        if not isinstance(value, list | tuple) or len(value) != len(args):
            raise ShapeError(f"{path}: expected a list of {len(args)}, got {value!r}")
        return tuple(_value(a, v, strict, f"{path}[{i}]")
                     for i, (a, v) in enumerate(zip(args, value, strict=True)))
    if origin is dict:
        if not isinstance(value, dict):
            raise ShapeError(f"{path}: expected an object, got {type(value).__name__}")
        return {k: _value(args[1], v, strict, f"{path}.{k}") for k, v in value.items()}
    if strict and not (type(value) is tp or tp is float and type(value) is int):
        raise ShapeError(f"{path}: expected {tp.__name__}, got {value!r}")
    return value
