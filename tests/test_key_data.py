"""What a finished page's key writes of each context value (``plugins/finished_pages.data``)
is what it wrote before it was made faster: the earlier function is kept here as the oracle,
and random nested values of every kind it handles (text, numbers, lists, tuples, mappings with
text or other keys, dataclasses, enumerations, dates, paths, sets, subclasses of these, objects
that are not data) must give the same JSON, or both refuse the value."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import types
from collections import OrderedDict
from collections.abc import Callable, Mapping
from pathlib import PurePath, PurePosixPath
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from campaign_site.plugins.finished_pages import NotData, _name, data

_SCALARS = frozenset({str, int, float, bool})


def oracle(value: Any, *, objects: Callable[[Any], Any] | None = None, _depth: int = 0) -> Any:
    """``data`` as it was before (commit cbbaa63), verbatim but for its name."""
    if _depth > 40:
        raise NotData("nested too deeply")
    kind = type(value)
    if value is None or kind in _SCALARS or isinstance(value, (str, int, float)):  # (bool is an int)
        return value
    again = lambda item: oracle(item, objects=objects, _depth=_depth + 1)  # noqa: E731
    if kind is list or kind is tuple:
        return [again(item) for item in value]
    if kind is dict or isinstance(value, Mapping):
        if all(type(k) is str for k in value):  # (json.dumps(sort_keys=True) orders them)
            return {k: again(v) for k, v in value.items()}
        return {"{}": sorted(([again(k), again(v)] for k, v in value.items()), key=_sort_key)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {_name(value): again({f.name: getattr(value, f.name) for f in dataclasses.fields(value)})}
    if isinstance(value, enum.Enum):
        return _name(value) + "." + value.name
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, PurePath):
        return value.as_posix()
    if isinstance(value, (list, tuple)):
        return [again(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return {"set": sorted((again(item) for item in value), key=_sort_key)}
    if objects is not None:
        return objects(value)
    raise NotData(f"{_name(value)} is not data")


def _sort_key(item: Any) -> str:
    return json.dumps(item, sort_keys=True, ensure_ascii=False)


@dataclasses.dataclass(frozen=True)
class Link:
    title: str
    url: Any
    current: bool = False


@dataclasses.dataclass
class Block:
    items: Any
    extra: Any = None


@dataclasses.dataclass(frozen=True, init=False, eq=False)
class Note(str):  # a dataclass that is text: written as text
    pass


class Colour(enum.Enum):
    RED = "red"
    BLUE = 2


class Level(enum.IntEnum):
    LOW = 1


class Lang(str, enum.Enum):
    VI = "vi"


class Items(list):
    pass


class Pair(tuple):
    pass


class Plain:
    """An object that is not data."""


scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8)
           | st.sampled_from([Colour.RED, Colour.BLUE, Level.LOW, Lang.VI, Markup("<b>x</b>"), Note("n")])
           | st.dates() | st.datetimes() | st.times() | st.builds(PurePosixPath, st.text(max_size=8)))
keys = st.text(max_size=4) | st.integers(-3, 3) | st.booleans() | st.none()


def _nested(children: st.SearchStrategy) -> st.SearchStrategy:
    return (st.lists(children, max_size=4) | st.lists(children, max_size=3).map(tuple)
            | st.lists(children, max_size=3).map(Items) | st.lists(children, max_size=3).map(Pair)
            | st.dictionaries(st.text(max_size=4), children, max_size=4)
            | st.dictionaries(keys, children, max_size=3)
            | st.dictionaries(st.text(max_size=4), children, max_size=3).map(OrderedDict)
            | st.dictionaries(st.text(max_size=4), children, max_size=3).map(types.MappingProxyType)
            | st.builds(Link, st.text(max_size=6), children, st.booleans())
            | st.builds(Block, children, children)
            | st.frozensets(st.text(max_size=4) | st.integers(-5, 5), max_size=4)
            | st.sets(st.text(max_size=4), max_size=4)
            | st.just(Plain()))


values = st.recursive(scalars, _nested, max_leaves=25)


def _written(function: Callable[..., Any], value: Any, **options: Any) -> str:
    try:
        return json.dumps(function(value, **options), sort_keys=True, ensure_ascii=False)
    except NotData as error:
        return f"NotData: {error}"


@settings(max_examples=400, deadline=None)
@given(values)
def test_data_writes_what_the_earlier_function_wrote(value: Any) -> None:
    assert _written(data, value) == _written(oracle, value)
    assert _written(data, value, objects=_name) == _written(oracle, value, objects=_name)


def test_nesting_deeper_than_forty_is_refused_as_before() -> None:
    for depth in (39, 40, 41, 60):
        value: Any = "leaf"
        for _ in range(depth):
            value = [value]
        assert _written(data, value) == _written(oracle, value), depth
    assert _written(data, [Block([[1]])] * 2) == _written(oracle, [Block([[1]])] * 2)
