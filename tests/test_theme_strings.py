"""Material's interface strings in the labels files (``theme`` section): the source lists
Material's own text, and a language without Material strings uses its translation only
when every string is translated. Translations here are obviously fake marked strings."""

from __future__ import annotations

from pathlib import Path

import material
import pytest
import yaml
from jinja2 import Environment, FileSystemLoader

from campaign_site.content.errors import ContentError
from campaign_site.content.labels import load_labels
from campaign_site.plugins.theme_languages import TEXT_ONLY_KEYS, write_fallback_partials
from conftest import REPO
from test_translation_exchange import material_strings

MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"


def theme_section(code: str) -> dict[str, str]:
    return yaml.safe_load((REPO / "content/i18n" / f"{code}.yaml").read_text(encoding="utf-8"))["theme"]


@pytest.mark.parametrize("code", ["vi", "en"])
def test_labels_list_materials_own_strings(code: str) -> None:
    """The source for translators is exactly what Material shows (this fails when an upgrade
    of Material changes a string: update the labels, and the translations become outdated)."""
    section = theme_section(code)
    assert section.keys() == theme_section("vi").keys()
    strings = material_strings(code)
    assert {key: strings[key] for key in section} == section
    # the skip link shows the site's own skip.link (it names where it leads): Material's
    # action.skip would be a string translators translate for nothing
    assert "action.skip" not in section


def render(folder: Path, code: str, key: str) -> str:
    env = Environment(loader=FileSystemLoader([str(folder), str(MATERIAL_TEMPLATES)]))
    return str(env.get_template(f"partials/languages/{code}.html").module.t(key))


def test_a_language_uses_its_strings_once_all_are_translated(tmp_path: Path) -> None:
    keys = theme_section("vi")
    complete = {key: f"[rad] {text}" for key, text in keys.items()}
    partial = dict(list(complete.items())[:-1])
    falling_back = write_fallback_partials(["vi", "en", "rad", "jra"], "vi", tmp_path, [],
                                           {"rad": complete, "jra": partial}, keys)
    assert falling_back == ["jra"]
    for key, text in keys.items():
        assert render(tmp_path, "rad", key) == f"[rad] {text}"
        # one missing: the whole interface in Vietnamese (marked so where no template can mark it)
        assert render(tmp_path, "jra", key) == (f'<span lang="vi">{text}</span>' if key in TEXT_ONLY_KEYS else text)
    assert render(tmp_path, "rad", "language") == "rad" and render(tmp_path, "jra", "language") == "jra"
    # a string the site does not show: the fallback's
    assert render(tmp_path, "rad", "clipboard.copy") == material_strings("vi")["clipboard.copy"]
    assert not (tmp_path / "partials/languages/vi.html").exists()  # Material's own is used


def test_markup_in_a_theme_string_is_refused_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "vi.yaml").write_text("theme:\n  toc: Mục lục\n", encoding="utf-8")
    (tmp_path / "rad.yaml").write_text("theme:\n  nav: '[rad] a'\n  toc: '[rad] <b>x</b>'\n", encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_labels(tmp_path, ["vi", "rad"], "vi")
    assert [str(p) for p in error.value.problems] == [
        f"{tmp_path / 'rad.yaml'}:3: theme.toc: found '<'; the interface strings of the theme cannot hold "
        "any of < > & \" { }"]
