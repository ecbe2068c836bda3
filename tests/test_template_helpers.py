"""Template helpers in Python (plugins/template_helpers.py) write what the Jinja macros they
replace wrote: the macros (Material's ``partials/language.html`` with our skip link, and the
former ``partials/campaign-lang.html``) are the oracle, over every key of Material's strings,
the site's languages (one without Material strings), a site's own override of Material's
strings, and calling templates with and without autoescape, filtered or not."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import material
import pytest
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from campaign_site.plugins.template_helpers import ThemeStrings
from campaign_site.plugins.theme_languages import write_fallback_partials
from conftest import REPO
from test_translation_exchange import material_strings

MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"

# The macros as they were (oracle): partials/language.html and partials/campaign-lang.html.
OLD_LANGUAGE = """\
{% import "partials/languages/" ~ config.theme.language ~ ".html" as lang %}
{% import "partials/languages/en.html" as fallback %}
{% macro t(key) %}
  {%- if key == "action.skip" and campaign_view -%}
    {%- set code = campaign_view.label_lang("skip.link") -%}
    {%- if code != campaign_view.lang %}<span lang="{{ code | e }}">{{ campaign_view.t("skip.link") | e }}</span>
    {%- else %}{{ campaign_view.t("skip.link") | e }}{% endif -%}
  {%- else %}{{ lang.t(key) or fallback.t(key) or key }}{% endif -%}
{% endmacro %}
"""
OLD_LANG_ATTR = """\
{% macro attr(code, around) -%}{% autoescape true %}
  {%- if code and code != around %} lang="{{ code }}"{% endif -%}
{% endautoescape %}{%- endmacro %}
"""
# Every way our templates (and Material's) use them: as text, autoescaped, filtered, in an expression.
USES = """\
{%- import NAME as lang with context -%}
{%- for key in keys -%}
[{{ lang.t(key) }}|{% autoescape true %}{{ lang.t(key) }}|{{ lang.t(key) | e }}{% endautoescape %}\
|{{ lang.t(key) | e }}|{{ lang.t(key) | striptags }}|{{ (lang.t(key) ~ "&") }}|{{ lang.t(key) is string }}]
{% endfor -%}
"""
ATTR_USES = """\
{%- for code, around in pairs -%}
[{{ ATTR(code, around) }}|{% autoescape true %}{{ ATTR(code, around) }}|{{ ATTR(code, around) | e }}{% endautoescape %}\
|{{ ATTR(code, around) | e }}|{{ ATTR(code, around) ~ "&" }}]
{% endfor -%}
"""


@dataclass(frozen=True)
class View:
    """The parts of :class:`campaign_site.pages.view.LanguageView` the skip link reads."""

    lang: str
    skip_lang: str
    skip_label: str

    def label_lang(self, key: str) -> str:
        assert key == "skip.link"
        return self.skip_lang

    def t(self, key: str) -> str:
        assert key == "skip.link"
        return self.skip_label


def environment(tmp_path: Path) -> Environment:
    """Our overrides over Material's templates, under a site's own overrides folder that
    replaces one Vietnamese string, with the oracle macros beside them and a partial for a
    language Material has no strings for (as the plugin writes it)."""
    site, oracle, generated = tmp_path / "site-overrides", tmp_path / "oracle", tmp_path / "generated"
    (site / "partials/languages").mkdir(parents=True)
    vietnamese = (MATERIAL_TEMPLATES / "partials/languages/vi.html").read_text(encoding="utf-8")
    assert '"footer.next": "Sau"' in vietnamese
    (site / "partials/languages/vi.html").write_text(
        vietnamese.replace('"footer.next": "Sau"', '"footer.next": "Trang sau & <tiếp>"'), encoding="utf-8")
    (oracle / "partials").mkdir(parents=True)
    (oracle / "partials/old-language.html").write_text(OLD_LANGUAGE, encoding="utf-8")
    (oracle / "partials/old-lang-attr.html").write_text(OLD_LANG_ATTR, encoding="utf-8")
    assert write_fallback_partials(["vi", "en", "rad"], "vi", generated, [site]) == ["rad"]
    env = Environment(loader=FileSystemLoader([str(site), str(REPO / "overrides"), str(generated),
                                               str(MATERIAL_TEMPLATES), str(oracle)]))
    ThemeStrings(env).install()
    return env


def _keys() -> list[str]:
    keys = set(material_strings("vi")) | set(material_strings("en"))
    return sorted(keys) + ["no.such.key", "language", "action.skip"]


@pytest.mark.parametrize("language", ["vi", "en", "rad"])
@pytest.mark.parametrize("view", [None, View("vi", "vi", "Bỏ qua menu, đến <nội dung> & chính"),
                                  View("rad", "vi", "Bỏ qua menu & <b>")])
def test_theme_strings_are_what_materials_macro_wrote(tmp_path: Path, language: str, view: View | None) -> None:
    env = environment(tmp_path)
    context = {"config": {"theme": {"language": language}}, "keys": _keys(), "campaign_view": view}
    ours = env.from_string(USES.replace("NAME", '"partials/language.html"')).render(context)
    macro = env.from_string(USES.replace("NAME", '"partials/old-language.html"')).render(context)
    assert ours.count("\n") == len(_keys())
    assert ours == macro
    # the site's own partials/languages/vi.html still wins over Material's
    assert ("Trang sau & <tiếp>" in ours) == (language in ("vi", "rad"))


def test_theme_strings_follow_the_language_of_each_build(tmp_path: Path) -> None:
    """Strings are kept per language: one environment asked for two languages answers each."""
    env = environment(tmp_path)
    template = env.from_string('{% import "partials/language.html" as lang with context %}{{ lang.t("footer") }}')
    for language in ("vi", "en", "vi"):
        assert template.render(config={"theme": {"language": language}}) == material_strings(language)["footer"]


def test_lang_attributes_are_what_the_macro_wrote(tmp_path: Path) -> None:
    env = environment(tmp_path)
    pairs = [(code, around) for code in ["vi", "en", "", None, 'x"><script>', Markup("<b>"), 0, 7]
             for around in ["vi", "en", None, "", 7]]
    ours = env.from_string(ATTR_USES.replace("ATTR", "campaign_lang_attr")).render(pairs=pairs)
    macro = env.from_string('{% import "partials/old-lang-attr.html" as old %}'
                            + ATTR_USES.replace("ATTR", "old.attr")).render(pairs=pairs)
    assert ours.count(' lang="') > 20
    assert ours == macro
    # an undefined language (a template variable that is not set) writes nothing either way
    undefined = '{{ campaign_lang_attr(nothing, "vi") }}|{% import "partials/old-lang-attr.html" as old %}{{ old.attr(nothing, "vi") }}'
    assert env.from_string(undefined).render() == "|"


def test_no_template_of_ours_still_imports_the_removed_macros() -> None:
    """partials/campaign-lang.html is gone: a template importing it would fail at its first page."""
    for template in (REPO / "overrides").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert "campaign-lang.html" not in text and "campaign_lang." not in text, template
