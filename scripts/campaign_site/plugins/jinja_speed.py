"""Jinja's template contexts made cheaper to create, same results.

A page of the site creates about 20 Jinja contexts (the page's, and one for each
``{% include %}`` of Material's templates and ours); the collection pages' cards
make more. Jinja 3.1's :class:`~jinja2.runtime.Context` copies the names of the
template's globals into a set whenever it is created (iterating a ``ChainMap`` of
the template's and the environment's globals), and reads that set only when the
template imports another template without its context
(``Template._get_default_module``): most contexts never read it.
:class:`LazyGlobalsContext` makes the set when it is first read, from the same
globals: about 7 % of the page templates' CPU time at 500 pages × 5 languages
(0.71 against 0.77 ms a page, measured alternately on the Ê Đê build).

:func:`install` sets it as an environment's ``context_class`` (Jinja's hook for
this) unless the environment already has a context class of its own.
``tests/test_jinja_speed.py`` compares templates that import with and without
their context, include and read globals under both classes, and pins the
attributes of Jinja's ``Context`` that ``__init__`` sets (a new Jinja that sets
another one fails the test instead of leaving it out).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from jinja2 import Environment
from jinja2.nodes import EvalContext
from jinja2.runtime import Context


class LazyGlobalsContext(Context):
    """Jinja's :class:`~jinja2.runtime.Context` with ``globals_keys`` made when first read."""

    def __init__(self, environment: Environment, parent: dict[str, Any], name: str | None,
                 blocks: dict[str, Callable[[Context], Any]], globals: Mapping[str, Any] | None = None) -> None:
        # Context.__init__ of Jinja 3.1, but for the set of global names
        self.parent = parent
        self.vars: dict[str, Any] = {}
        self.environment = environment
        self.eval_ctx = EvalContext(environment, name)
        self.exported_vars: set[str] = set()
        self.name = name
        self._globals = globals
        self.blocks = {k: [v] for k, v in blocks.items()}

    @property  # type: ignore[override]
    def globals_keys(self) -> set[str]:
        """The names of the template's globals, as Jinja's ``Context.globals_keys``."""
        keys = self.__dict__.get("_globals_keys")
        if keys is None:
            keys = self.__dict__["_globals_keys"] = set() if self._globals is None else set(self._globals)
        return keys


def install(env: Environment) -> Environment:
    """Make ``env``'s templates use :class:`LazyGlobalsContext`, unless it has a context class of its own."""
    if env.context_class is Context:
        env.context_class = LazyGlobalsContext
    return env
