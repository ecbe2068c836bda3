"""Template helpers that every page calls many times, as Python instead of Jinja macros.

Each page shows about a dozen of Material's interface strings (``lang.t(key)``)
and half a dozen ``lang`` attributes (WCAG 3.1.2, language of parts). As Jinja
macros, each string cost two macro calls and Material's table of ~70 strings
built again, and each template that showed one imported its partials again:
about a tenth of a page's template time. Here they are plain callables handed to
the templates as globals (:meth:`ThemeStrings.install`):

- ``campaign_lang_attr(code, around)``: `` lang="code"`` when ``code`` is set and
  differs from the language ``around`` it, else nothing (what
  ``partials/campaign-lang.html``'s ``attr`` macro writes);
- ``campaign_theme_text(key)``: what ``partials/language.html``'s ``t`` macro
  writes: the skip link's label from the site's labels, else Material's string
  for the theme language (``partials/languages/<code>.html``), else English's,
  else the key. Strings are looked up through the environment's loader, so a
  ``partials/languages/<code>.html`` in the site's ``overrides/`` (or one
  written for a language Material lacks) still wins; each key once per
  environment (one language build).

Both answer what the macros answered, character for character, and of the same
type: :class:`~markupsafe.Markup` where the calling template autoescapes, text
elsewhere (so ``| e`` escapes a string exactly as before).
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, pass_context, pass_eval_context
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from markupsafe import Markup, escape

#: the key whose text comes from the site's labels (``skip.link``), not Material's strings
SKIP_KEY = "action.skip"
SKIP_LABEL = "skip.link"


@pass_eval_context
def lang_attr(eval_ctx: EvalContext, code: object, around: object) -> str:
    """`` lang="<code>"`` (escaped) when ``code`` is truthy and differs from ``around``; else empty."""
    text = str(Markup(' lang="%s"') % (code,)) if code and code != around else ""
    return Markup(text) if eval_ctx.autoescape else text


class ThemeStrings:
    """Material's interface strings of one Jinja environment (one language build), each key once."""

    def __init__(self, env: Environment) -> None:
        self.env = env
        self._texts: dict[tuple[str, str], str] = {}
        self._language: tuple[object, str] | None = None  # (config, its theme's language)

    def install(self) -> None:
        """Hand ``campaign_theme_text`` and ``campaign_lang_attr`` to the environment's templates."""
        self.env.globals["campaign_theme_text"] = self.text
        self.env.globals["campaign_lang_attr"] = lang_attr

    def _material(self, language: str, key: str) -> str:
        """``lang.t(key) or fallback.t(key) or key`` as Material's ``partials/language.html`` has it."""
        cached = self._texts.get((language, key))
        if cached is None:
            own = self.env.get_template(f"partials/languages/{language}.html").module
            english = self.env.get_template("partials/languages/en.html").module
            cached = str(own.t(key) or english.t(key) or key)  # type: ignore[attr-defined]
            self._texts[(language, key)] = cached
        return cached

    def _theme_language(self, config: object) -> str:
        """``config.theme.language`` as a template reads it (the theme is a mapping), once per config."""
        if self._language is None or self._language[0] is not config:
            theme = self.env.getattr(config, "theme")
            self._language = (config, str(self.env.getattr(theme, "language")))
        return self._language[1]

    @pass_context
    def text(self, context: Context, key: Any) -> str:
        """The interface string ``key`` for the page being rendered (see the module's docstring)."""
        view = context.get("campaign_view")
        if key == SKIP_KEY and view:
            code = view.label_lang(SKIP_LABEL)
            label = escape(view.t(SKIP_LABEL))
            text = str(label) if code == view.lang else f'<span lang="{escape(code)}">{label}</span>'
        else:
            text = self._material(self._theme_language(context.get("config")), key)
        return Markup(text) if context.eval_ctx.autoescape else text
