"""Rendering a collection template without telling it which language it is for.

Ê Đê, J'rai and M'nông show the default language's labels and texts wherever they have none
of their own: without a labels file and without a text of their own anywhere in ``content/``
(:func:`shows_only_default`), a language's collection pages differ from another such
language's only where the template itself uses the language's code. :mod:`.body_cache`
renders such a page once for all of them, handing the template stand-ins
(:func:`withheld_context`) that raise :class:`CodeUsed` at any use of the code:

- ``lang`` is a :class:`Withheld` value: printing, comparing, hashing (a dict lookup),
  testing, iterating it, or asking it for any attribute raises;
- ``v`` (:class:`.view.LanguageView`) is a :class:`WithheldView`: its methods answer as the
  language's own view does (with the default language's labels and texts, the same for every
  such language), but ``v.lang`` and ``v.labels`` (which names its language) raise;
- Jinja's ``gettext`` family (MkDocs installs the theme locale's catalog) raises when called.

What the template reaches otherwise does not name the language: the content (the same for
every language), ``link()`` and ``asset()`` (relative addresses from a page one folder below
the site root, the same from ``rad/`` as from ``jra/``; a root-absolute base is not rendered
this way), the canonical address (the original's, in the key). A template that raised is
rendered again with the code, for its language alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from typing import Any

from ..content.loader import SiteContent
from ..content.models import Localized


class CodeUsed(BaseException):
    """A template used the language code it was not given.

    A :class:`BaseException`, as :class:`KeyboardInterrupt` is: no ``except Exception`` of a
    helper can take it for an ordinary failure and carry on without the code."""


def _refuse(self: Withheld, *args: object, **kwargs: object) -> Any:
    self._touched()
    raise CodeUsed("the template used the language code")


class Withheld:
    """A language code a template may hold and pass on but not use (see the module's docstring)."""

    __slots__ = ("_flag",)

    def __init__(self, flag: list[bool]) -> None:
        object.__setattr__(self, "_flag", flag)

    def _touched(self) -> None:
        object.__getattribute__(self, "_flag")[0] = True

    def __getattribute__(self, name: str) -> Any:
        if name == "_touched":
            return object.__getattribute__(self, name)
        _refuse(self)

    def __setattr__(self, name: str, value: object) -> None:
        _refuse(self)


# every operator and conversion Python looks up on the type (not through __getattribute__)
for _name in ("__str__", "__repr__", "__bytes__", "__format__", "__html__", "__eq__", "__ne__", "__lt__",
              "__le__", "__gt__", "__ge__", "__hash__", "__bool__", "__len__", "__iter__", "__reversed__",
              "__contains__", "__getitem__", "__call__", "__add__", "__radd__", "__mul__", "__rmul__",
              "__mod__", "__rmod__", "__int__", "__float__", "__index__", "__fspath__", "__lower__"):
    setattr(Withheld, _name, _refuse)


class WithheldView:
    """A :class:`.view.LanguageView` whose methods answer as the view's, whose ``lang`` and
    ``labels`` raise :class:`CodeUsed` (through ``flag``, as :class:`Withheld`)."""

    _WITHHELD = frozenset({"lang", "labels"})
    #: (not the view's: a fragment rendered here is kept apart from one rendered with the code)
    code_withheld = True

    def __init__(self, view: object, flag: list[bool]) -> None:
        self._view = view
        self._flag = flag

    def __getattr__(self, name: str) -> Any:
        if name in self._WITHHELD:
            self._flag[0] = True
            raise CodeUsed(f"the template used v.{name}")
        return getattr(self._view, name)


def withheld_context(view: object, flag: list[bool]) -> dict[str, Any]:
    """What a template gets in place of the language (``lang``, ``v``, Jinja's ``gettext``
    family); ``flag[0]`` becomes True at any use of the code, even one that was caught."""
    code = Withheld(flag)

    def gettext(*args: object, **kwargs: object) -> Any:
        flag[0] = True
        raise CodeUsed("the template used the theme's translations")

    return {"lang": code, "v": WithheldView(view, flag),
            **{name: gettext for name in ("gettext", "ngettext", "pgettext", "npgettext", "_")}}


# (content, language) → whether it shows only the default language's labels and texts: the
# content of the last call (a process builds several languages of one content)
_known: tuple[SiteContent, dict[str, bool]] | None = None


def shows_only_default(content: SiteContent, lang: str) -> bool:
    """True when ``lang`` is not the default language, has no labels of its own and no text of
    its own anywhere in ``content`` (no mapping in it has the key ``lang``): everything its
    collection pages show in words is the default language's. Once per content and language."""
    global _known
    if _known is None or _known[0] is not content:
        _known = (content, {})
    found = _known[1].get(lang)
    if found is None:
        labels = content.labels.get(lang)
        found = _known[1][lang] = (
            lang != content.default_language and lang in content.site_languages
            and labels is not None and not labels.own and labels.fallback is content.labels.get(content.default_language)
            and not _names(lang, [content.areas, content.entries, content.site], set()))
    return found


def _names(lang: str, values: list[object], seen: set[int]) -> bool:
    """True when any mapping reachable from ``values`` (through mappings, sequences, dataclasses
    and models' fields) has the key ``lang``."""
    while values:
        value = values.pop()
        if value is None or isinstance(value, (str, int, float, bool, bytes)) or id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, Localized) or isinstance(value, Mapping):
            if lang in value:
                return True
            values.extend(value.values())
        elif isinstance(value, (list, tuple, set, frozenset)):
            values.extend(value)
        elif is_dataclass(value) and not isinstance(value, type):
            values.extend(getattr(value, f.name) for f in fields(value))
        elif hasattr(value, "__dict__"):
            values.extend(vars(value).values())
    return False
