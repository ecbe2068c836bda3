"""Jinja contexts that make their set of global names when first read
(``plugins/jinja_speed.py``) render every template as Jinja's own: a table of templates
that import (with and without their context), include, call macros, extend blocks and
read globals given to one template, under both context classes; and the attributes
Jinja's ``Context.__init__`` sets, pinned."""

from __future__ import annotations

import jinja2
import pytest
from campaign_site.plugins import jinja_speed
from jinja2.runtime import Context

TEMPLATES = {
    "module.html": "{% macro show() %}[{{ site_name }} {{ extra_global | d('no extra') }}]{% endmacro %}"
                   "{% set exported = 'exported' %}",
    "included.html": "<i>{{ page }} {{ local }} {{ site_name }} {{ extra_global | d('-') }}</i>",
    "base.html": "<b>{% block body %}base {{ page }}{% endblock %}</b>{% block tail %}{% endblock %}",
    # imported without its context: the module sees the template's globals (Context.globals_keys)
    "import_plain.html": "{% import 'module.html' as m %}{{ m.show() }} {{ m.exported }}",
    "import_with_context.html": "{% import 'module.html' as m with context %}{{ m.show() }}",
    "from_import.html": "{% from 'module.html' import show %}{{ show() }}",
    "include.html": "{% for local in [1, 2] %}{% include 'included.html' %}{% endfor %}",
    "include_without_context.html": "{% include 'included.html' without context %}",
    "extends.html": "{% extends 'base.html' %}{% block body %}child {{ super() }} "
                    "{% import 'module.html' as m %}{{ m.show() }}{% endblock %}",
    "call.html": "{% macro box() %}({{ caller() }}){% endmacro %}{% call box() %}"
                 "{% include 'included.html' %}{% endcall %}",
    "set_and_scope.html": "{% set local = 'outer' %}{% include 'included.html' %}"
                          "{% with local = 'inner' %}{% include 'included.html' %}{% endwith %}",
}


def _environment(context_class: type[Context] | None) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.DictLoader(TEMPLATES), autoescape=True)
    env.globals["site_name"] = "Bình đẳng giới"
    if context_class is not None:
        jinja_speed.install(env)
        assert env.context_class is context_class
    return env


@pytest.mark.parametrize("name", [name for name in TEMPLATES if name not in {"module.html", "base.html"}])
@pytest.mark.parametrize("extra_globals", [None, {"extra_global": "given to this template"}])
def test_templates_render_as_with_jinjas_own_context(name: str, extra_globals: dict[str, str] | None) -> None:
    rendered = []
    for context_class in (None, jinja_speed.LazyGlobalsContext):
        env = _environment(context_class)
        template = env.get_template(name, globals=extra_globals)
        rendered.append(template.render(page="trang-1", local="L"))
    assert rendered[0] == rendered[1]
    if extra_globals and name == "import_plain.html":
        assert "given to this template" in rendered[1]  # (the case that reads globals_keys)


def test_the_context_has_every_attribute_of_jinjas() -> None:
    """Jinja's ``Context.__init__`` copied but for one set: a newer Jinja that sets another
    attribute fails here instead of leaving it out."""
    env = jinja2.Environment()
    globals = env.make_globals({"g": 1})
    jinjas = Context(env, {"a": 1}, "t.html", {"body": lambda context: iter(())}, globals)
    ours = jinja_speed.LazyGlobalsContext(env, {"a": 1}, "t.html", {"body": lambda context: iter(())}, globals)
    assert set(vars(ours)) - {"_globals"} == set(vars(jinjas)) - {"globals_keys"}
    assert ours.globals_keys == jinjas.globals_keys
    assert "_globals_keys" in vars(ours)  # made once, when read
    for name in set(vars(jinjas)) - {"globals_keys", "eval_ctx", "blocks"}:
        assert getattr(ours, name) == getattr(jinjas, name)
    assert ours.blocks.keys() == jinjas.blocks.keys()
    assert vars(ours.eval_ctx) == vars(jinjas.eval_ctx)


def test_install_keeps_an_environments_own_context_class() -> None:
    class Own(Context):
        pass

    env = jinja2.Environment()
    env.context_class = Own
    assert jinja_speed.install(env).context_class is Own
    plain = jinja2.Environment()
    assert jinja_speed.install(jinja_speed.install(plain)).context_class is jinja_speed.LazyGlobalsContext
