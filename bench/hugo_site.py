"""The Hugo baseline of the build benchmark: the same pages as ours, as a Hugo site.

``make_hugo`` writes a Hugo project (Debian's ``hugo``, 0.111) from the synthetic
campaign that ``build_bench.py`` generated for our build: every Markdown page of
``docs/`` in every language (the Vietnamese text where a translation is missing,
with a notice, as ours does), one page per resource, model practice and event
(reused from the plain project), and one directory page per area listing its
services (ours has one page per area too). The templates in ``bench/hugo/layouts``
do per page what ours does: menu, table of contents, language switcher, hotline
strip, and a JSON search index per language. See bench/README.md for what they
leave out.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
LAYOUTS = HERE / "hugo" / "layouts"
NOTICE = {"vi": "Trang này chưa được dịch sang {language}. Nội dung dưới đây bằng tiếng Việt.",
          "en": "This page has not been translated into {language} yet. The text below is in Vietnamese."}
UI = {"vi": {"toc": "Mục lục", "menu": "Trình đơn", "languages": "Ngôn ngữ", "hotlines": "Số điện thoại khẩn cấp"},
      "en": {"toc": "Contents", "menu": "Menu", "languages": "Languages", "hotlines": "Emergency numbers"}}
# the national short codes the generated services use (bench/build_bench.py SHORT_CODES)
HOTLINES = [{"number": code, "name": f"Số khẩn cấp {code} (ví dụ)"} for code in ("111", "113", "115")]


def _split(text: str) -> tuple[dict[str, Any], str]:
    """Front matter and body of a Markdown page."""
    if text.startswith("---\n"):
        _, meta, body = text.split("---\n", 2)
        return yaml.safe_load(meta) or {}, body
    return {}, text


def _title(meta: dict[str, Any], body: str, fallback: str) -> str:
    match = re.search(r"^# (.+)$", body, re.M)
    return str(meta.get("title") or (match.group(1).strip() if match else fallback))


def _target(rel: Path) -> Path:
    """``index.md`` is a section's own page in Hugo: ``_index.md``."""
    return rel.with_name("_index.md") if rel.name == "index.md" else rel


def _page(meta: dict[str, Any], body: str) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000) + "---\n" + body


def make_hugo(plain_docs: Path, content: Path, root: Path, languages: list[tuple[str, str]],
              nav: list[str], site_name: str) -> int:
    """Write the Hugo project into ``root``; returns the number of pages per language.

    ``plain_docs``: the plain project's ``docs/`` (the repo's and the synthetic
    pages, plus one page per resource, practice, service and event, with
    ``.en.md`` translations); ``content``: our ``content/`` (services and areas);
    ``nav``: our menu (Markdown paths, in order).
    """
    codes = [code for code, _ in languages]
    names = dict(languages)
    shutil.copytree(LAYOUTS, root / "layouts")
    (root / "data").mkdir(parents=True)
    (root / "data" / "hotlines.yaml").write_text(yaml.safe_dump({"list": HOTLINES}, allow_unicode=True), encoding="utf-8")
    (root / "i18n").mkdir()
    for code in codes:
        labels = UI.get(code, UI["vi"])
        (root / "i18n" / f"{code}.yaml").write_text(
            yaml.safe_dump({k: {"other": v} for k, v in labels.items()}, allow_unicode=True), encoding="utf-8")
    (root / "static").mkdir()
    (root / "static" / "style.css").write_text("body{font-family:sans-serif}\n", encoding="utf-8")
    shutil.copytree(content / "media", root / "static" / "media")
    sources = sorted(p for p in plain_docs.rglob("*.md")
                     if p.name.count(".") == 1 and not (p.parent.name == "danh-ba" and p.name != "index.md"))
    menu = {path: weight for weight, path in enumerate(nav, 1)}
    count = 0
    for source in sources:
        rel = source.relative_to(plain_docs)
        count += 1
        for code in codes:
            translated = source.with_name(f"{source.stem}.{code}.md")
            own = code == codes[0] or translated.exists()
            meta, body = _split((translated if code != codes[0] and own else source).read_text(encoding="utf-8"))
            meta = {k: v for k, v in meta.items() if k in ("title", "description")}
            meta["title"] = _title(meta, body, source.stem)
            if not own:
                meta["fallback_from"] = codes[0]
                meta["fallback_notice"] = NOTICE.get(code, NOTICE["vi"]).format(language=names[code])
            if rel.as_posix() in menu:
                meta["menu"] = {"main": {"weight": menu[rel.as_posix()]}}
            target = root / "content" / code / _target(rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_page(meta, body), encoding="utf-8")
    count += _area_pages(content, root, codes, names)
    config = {
        "title": site_name, "baseURL": "https://binhdanggioi.example/", "uglyURLs": True,
        "defaultContentLanguage": codes[0], "defaultContentLanguageInSubdir": False,
        "disableKinds": ["taxonomy", "term", "RSS"],
        "outputs": {"home": ["HTML", "JSON"]},
        "markup": {"tableOfContents": {"startLevel": 2, "endLevel": 3}},
        "languages": {code: {"languageName": names[code], "contentDir": f"content/{code}", "weight": i}
                      for i, code in enumerate(codes, 1)},
    }
    (root / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return count


def _text(value: Any, code: str, default: str) -> tuple[str, bool]:
    """A field in ``code`` (or the default language's); whether it was translated."""
    if isinstance(value, dict):
        return str(value.get(code) or value.get(default) or ""), code in value
    return ("" if value is None else str(value)), code == default


def _area_pages(content: Path, root: Path, codes: list[str], names: dict[str, str]) -> int:
    """One directory page per area listing its services (name, organisation, fields)."""
    areas = yaml.safe_load((content / "areas.yaml").read_text(encoding="utf-8"))["areas"]
    by_area: dict[str, list[dict[str, Any]]] = {key: [] for key in areas}
    for path in sorted((content / "services").glob("*.yaml")):
        service = yaml.safe_load(path.read_text(encoding="utf-8"))
        by_area.setdefault(service["area"], []).append(service)
    default = codes[0]
    for key, services in by_area.items():
        for code in codes:
            title, own = _text(areas.get(key, {}).get("name", key), code, default)
            lines = [f"# {title}", ""]
            for s in services:
                name, _ = _text(s["name"], code, default)
                lines += [f"## {name}", ""]
                for field in ("organisation", "description", "address", "hours", "cost"):
                    text, _ = _text(s.get(field), code, default)
                    lines.append(f"- **{field}:** {text}")
                for phone in s.get("phones") or []:
                    lines.append(f"- **phone:** [{phone['number']}](tel:{phone['number']})")
                lines.append("")
            meta: dict[str, Any] = {"title": title}
            if not own:
                meta["fallback_from"] = default
                meta["fallback_notice"] = NOTICE.get(code, NOTICE["vi"]).format(language=names[code])
            target = root / "content" / code / "danh-ba" / f"{key}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_page(meta, "\n".join(lines)), encoding="utf-8")
    return len(by_area)
