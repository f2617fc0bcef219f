"""Replayed forge responses built from the forge's published models (githubkit's for GitHub):
every required field filled by type, the fields a test cares about set by hand, and the whole
payload validated by the model before it is served."""

from __future__ import annotations

import datetime as dt
import types
import typing
from typing import Any, Literal

from pydantic import BaseModel


def _value(annotation: Any, name: str, depth: int) -> Any:
    if annotation is None or annotation is type(None):
        return None
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        return None if not options or depth > 3 else _value(options[0], name, depth)
    if origin is Literal:
        return args[0]
    if origin is list:
        return []
    if origin is dict:
        return {}
    if origin is typing.Annotated:
        return _value(args[0], name, depth)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return sample(annotation, depth=depth + 1)
    if annotation is bool:
        return False
    if annotation is int:
        return 1
    if annotation is float:
        return 1.0
    if annotation is dt.datetime:
        return "2026-11-24T08:00:00Z"
    if annotation is dt.date:
        return "2026-11-24"
    if name.endswith("url") or name == "url":
        return f"https://api.github.com/{name}"
    return name


def sample(model: type[BaseModel], depth: int = 0, **values: Any) -> dict[str, Any]:
    """A payload the model accepts: required fields by type, then ``values`` on top (by the
    payload's own key names, e.g. ``_links``)."""
    payload: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if info.is_required():
            payload[info.alias or name] = _value(info.annotation, name, depth)
    payload.update(values)
    model.model_validate(payload)  # the published model accepts it, or the test fails here
    return payload
