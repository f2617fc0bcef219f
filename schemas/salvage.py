"""The readable rest of a record with shape errors, so rules can report in the same round.

A wrong type in ``reply_commitment_days`` should not hide a bad phone number elsewhere in
the file. The broken parts are left out, never guessed: the innermost key around an error
that the model allows to be absent is dropped; where none is, the whole top-level field is
read as absent. The rules see the rest, and whatever they say about a part left out (or
crash on because it is absent) is dropped: the shape finding speaks for that part.

One reading is taken on trust: a misspelt key (``statuss``) stands for the missing key the
shape finding already suggests, as the user will write it after the fix.
"""

from __future__ import annotations

import copy
import typing
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError, create_model

from nmr.schemas.shape import describe, meant_key
from nmr.schemas.source import Document, KeyPath

M = TypeVar("M", bound=BaseModel)

# Each pass drops every broken key pydantic reports; a later pass only meets errors that the
# earlier removals exposed (a union's other branch), so three passes are plenty.
PASSES = 3


def readable_rest(model: type[M], document: Document) -> tuple[M, list[KeyPath]] | None:
    """The record less its broken parts, and the parts left out or renamed; None when nothing
    sensible is left (the file is no mapping, or the errors sit where no key can be cut)."""
    data = copy.deepcopy(document.data)
    if not isinstance(data, dict):
        return None
    left_out: list[KeyPath] = []
    absent: set[str] = set()  # required top-level fields read as absent
    for _ in range(PASSES):
        try:
            return _relaxed(model, frozenset(absent)).model_validate(data), left_out  # type: ignore[return-value]
        except ValidationError as error:
            # Misspelt keys first: the missing key they stand for is then no longer missing.
            errors = sorted(error.errors(), key=lambda item: item["type"] != "extra_forbidden")
            for item in errors:
                cut = _cut(model, data, tuple(item["loc"]), item["type"], left_out)
                if cut is None:
                    return None
                meta = describe(model).get((str(cut[0]),)) if len(cut) == 1 else None
                if meta is not None and meta.required:
                    absent.add(str(cut[0]))
    return None


def _cut(
    model: type[BaseModel], data: Any, loc: KeyPath, kind: str, left_out: list[KeyPath]
) -> KeyPath | None:
    """Leave out (or rename) the part at ``loc``: the part, () when nothing was needed, or
    None when it cannot be done."""
    if kind == "missing" and _present(data, loc):
        return ()
    if kind == "extra_forbidden" and (meant := _meant(model, data, loc)) is not None:
        left_out.append(meant)
        return ()
    part = _optional_part(model, loc, kind)
    if part is None:
        return None
    if not _drop(data, part) and kind != "missing":
        # Not there: inside a part already left out, or a key never written.
        return () if any(part[: len(done)] == done for done in left_out) else None
    if part not in left_out:
        left_out.append(part)
    return part


def _present(data: Any, loc: KeyPath) -> bool:
    """A key reported missing that a misspelling has since supplied."""
    parent = _at(data, loc[:-1])
    return isinstance(parent, dict) and loc[-1] in parent


def _meant(model: type[BaseModel], data: Any, loc: KeyPath) -> KeyPath | None:
    """Move a misspelt key's value to the key it means, when that one is not written."""
    parent = _at(data, loc[:-1])
    meant = meant_key(model, loc)
    if not isinstance(parent, dict) or meant is None or meant in parent or loc[-1] not in parent:
        return None
    parent[meant] = parent.pop(loc[-1])
    return (*loc[:-1], meant)


def _optional_part(model: type[BaseModel], loc: KeyPath, kind: str) -> KeyPath | None:
    """The innermost key around ``loc`` that may be absent (the key itself when unknown),
    else the top-level field that holds it."""
    if kind == "extra_forbidden":
        return loc
    table = describe(model)
    for end in range(len(loc), 0, -1):
        part = loc[:end]
        meta = table.get(tuple("*" if isinstance(key, int) else key for key in part))
        if meta is None:
            return None  # a union branch or a validator's own location: not a key of the file
        if not meta.required:
            return part
    return loc[:1] if loc and isinstance(loc[0], str) else None


def _at(data: Any, loc: KeyPath) -> Any:
    for key in loc:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _drop(data: Any, loc: KeyPath) -> bool:
    """Remove the key at ``loc``; False when the path is not there."""
    parent = _at(data, loc[:-1])
    if not isinstance(parent, dict) or loc[-1] not in parent:
        return False
    del parent[loc[-1]]
    return True


@cache
def _relaxed(model: type[BaseModel], absent: frozenset[str]) -> type[BaseModel]:
    """``model`` with the named required fields allowed to be absent (read as None)."""
    if not absent:
        return model
    fields: dict[str, Any] = {
        name: (typing.Optional[model.model_fields[name].annotation], None)  # noqa: UP045 - built at run time
        for name in sorted(absent)
    }
    relaxed: type[BaseModel] = create_model(f"{model.__name__}Rest", __base__=model, **fields)
    return relaxed
