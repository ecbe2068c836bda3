"""The Hugo baseline of the build benchmark: the same pages as ours, as a Hugo site.

``make_hugo`` writes a Hugo project (Debian's ``hugo``, 0.111) from the synthetic
campaign that ``build_bench.py`` generated for our build: every Markdown page of
``docs/`` in every language (the Vietnamese text where a translation is missing,
with a notice, as ours does), one page per resource, model practice and event
(reused from the plain project), and one directory page per area listing its
services (ours has one page per area too).

Two template sets (``bench/hugo/<set>/layouts``):

- ``full`` (the default) renders per page the chrome ours renders: the CSP,
  description, canonical, Open Graph and Twitter tags, favicon and stylesheet,
  skip link, safety bar with the quick exit, Material's header (logo, titles,
  language selector with the page's address in every language, search button
  and dialog), Material's primary navigation from our ``nav`` (Hugo's menu,
  nested, the current item marked, with its table of contents), the table of
  contents as Material's secondary sidebar (from ``.Fragments``), the content
  wrapper, the untranslated notice, the footer and the script tags; the area
  pages render their service cards and filters from the services' data, with
  the labels of ``content/i18n/<lang>.yaml`` as Hugo i18n strings.
- ``minimal``: a 1-KB skeleton (menu, table of contents, language switcher,
  hotline strip) around the same bodies.

Both write a JSON search index per language. See bench/README.md for what they
leave out.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
TEMPLATE_SETS = ("full", "minimal")
NOTICE = {"vi": "Trang này chưa được dịch sang {language}. Nội dung dưới đây bằng tiếng Việt.",
          "en": "This page has not been translated into {language} yet. The text below is in Vietnamese."}
UI = {"vi": {"toc": "Mục lục", "menu": "Trình đơn", "languages": "Ngôn ngữ", "hotlines": "Số điện thoại khẩn cấp"},
      "en": {"toc": "Contents", "menu": "Menu", "languages": "Languages", "hotlines": "Emergency numbers"}}
# the national short codes the generated services use (bench/build_bench.py SHORT_CODES);
# placeholders, so the full templates (which show verified numbers only, as ours) show none
HOTLINES = [{"number": code, "name": f"Số khẩn cấp {code} (ví dụ)", "status": "example"} for code in ("111", "113", "115")]
# what ours links on every page (overrides/ and the campaign plugin)
EXIT_URL = "https://www.google.com/"
SCRIPTS = [f"assets/javascripts/campaign-{name}.js" for name in ("exit", "filters", "search", "nav", "countdown")]
# the collection sections whose index ours renders as a list of entries
LIST_SECTIONS = ("tai-lieu", "mo-hinh", "su-kien", "danh-ba")


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
              nav: list[Any], site_name: str, *, templates: str = "full",
              site: dict[str, Any] | None = None) -> int:
    """Write the Hugo project into ``root``; returns the number of pages per language.

    ``plain_docs``: the plain project's ``docs/`` (the repo's and the synthetic
    pages, plus one page per resource, practice, service and event, with
    ``.en.md`` translations); ``content``: our ``content/`` (services, areas and
    interface labels ``i18n/<lang>.yaml``); ``nav``: our ``nav`` as in
    ``mkdocs.yml`` (paths, and ``{section title: [paths]}``); ``templates``: one
    of ``TEMPLATE_SETS``; ``site``: our ``mkdocs.yml`` (``site_url``,
    ``site_description`` and the ``campaign-i18n`` languages' ``site_name`` and
    ``nav_translations``), used by the full templates. Raises ``ValueError`` for
    an unknown template set.
    """
    if templates not in TEMPLATE_SETS:
        raise ValueError(f"templates: expected one of {', '.join(TEMPLATE_SETS)}, got {templates!r}")
    full = templates == "full"
    site = site or {}
    codes = [code for code, _ in languages]
    names = dict(languages)
    shutil.copytree(HERE / "hugo" / templates / "layouts", root / "layouts")
    (root / "data").mkdir(parents=True)
    (root / "data" / "hotlines.yaml").write_text(yaml.safe_dump({"list": HOTLINES}, allow_unicode=True), encoding="utf-8")
    (root / "data" / "languages.yaml").write_text(
        yaml.safe_dump({code: {"name": name} for code, name in languages}, allow_unicode=True), encoding="utf-8")
    (root / "i18n").mkdir()
    own_labels = {code for code in codes if (content / "i18n" / f"{code}.yaml").is_file()}
    for code in codes:
        if full:
            labels = _labels(content / "i18n" / f"{code if code in own_labels else codes[0]}.yaml")
        else:
            labels = {k: {"other": v} for k, v in UI.get(code, UI["vi"]).items()}
        (root / "i18n" / f"{code}.yaml").write_text(yaml.safe_dump(labels, allow_unicode=True), encoding="utf-8")
    (root / "static").mkdir()
    (root / "static" / "style.css").write_text("body{font-family:sans-serif}\n", encoding="utf-8")
    shutil.copytree(content / "media", root / "static" / "media")
    sources = sorted(p for p in plain_docs.rglob("*.md")
                     if p.name.count(".") == 1 and not (p.parent.name == "danh-ba" and p.name != "index.md"))
    menu, sections = _menu(nav)
    if not full:  # one flat menu, in nav order
        menu = {path: (weight, None) for weight, path in enumerate(menu, 1)}
    count = 0
    for source in sources:
        rel = source.relative_to(plain_docs)
        count += 1
        for code in codes:
            resource = full and rel.parts[0] == "tai-lieu" and rel.name != "index.md"
            if resource:  # the full templates render a resource's facts from its data, as ours
                meta, body, own = _resource(content / "resources" / rel.name, code, codes[0])
            else:
                translated = source.with_name(f"{source.stem}.{code}.md")
                own = code == codes[0] or translated.exists()
                meta, body = _split((translated if code != codes[0] and own else source).read_text(encoding="utf-8"))
                meta = {k: v for k, v in meta.items() if k in ("title", "description")}
                meta["title"] = _title(meta, body, source.stem)
            if not own:
                meta["fallback_from"] = codes[0]
                if not full:
                    meta["fallback_notice"] = NOTICE.get(code, NOTICE["vi"]).format(language=names[code])
            if rel.as_posix() in menu:
                weight, parent = menu[rel.as_posix()]
                meta["menu"] = {"main": {"weight": weight, **({"parent": parent} if parent and full else {})}}
            if full and rel.name == "index.md" and rel.parent.name in LIST_SECTIONS:
                meta["list_pages"] = True
            target = root / "content" / code / _target(rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_page(meta, body), encoding="utf-8")
    count += _area_pages(content, root, codes, names, full)
    config: dict[str, Any] = {
        "title": site_name, "baseURL": site.get("site_url") or "https://binhdanggioi.example/", "uglyURLs": True,
        "defaultContentLanguage": codes[0], "defaultContentLanguageInSubdir": False,
        "disableKinds": ["taxonomy", "term", "RSS"],
        "outputs": {"home": ["HTML", "JSON"]},
        "markup": {"tableOfContents": {"startLevel": 2, "endLevel": 3}},
        "languages": {code: {"languageName": names[code], "contentDir": f"content/{code}", "weight": i}
                      for i, code in enumerate(codes, 1)},
    }
    if full:
        from campaign_site.pages.share import og_locale
        from campaign_site.postprocess.csp import content_security_policy, template_script_hashes

        i18n = {lang.get("locale"): lang for lang in _i18n_languages(site)}
        config["params"] = {
            "publicURL": config["baseURL"], "description": site.get("site_description", ""), "exitURL": EXIT_URL,
            "scripts": SCRIPTS,
            # the policy ours writes (its script hashes computed here once: CSP hashing is left out)
            "csp": content_security_policy(template_script_hashes([content.parent / "overrides"])),
        }
        # ours shows ASCII heading ids (folded): the nearest of Hugo's id styles; no typographer (ours has none)
        config["markup"]["goldmark"] = {"parser": {"autoHeadingIDType": "github-ascii"},
                                        "extensions": {"typographer": False}}
        for code in codes:
            lang = config["languages"][code]
            translations = i18n.get(code, {}).get("nav_translations") or {}
            lang["title"] = i18n.get(code, {}).get("site_name") or site_name
            lang["params"] = {"locale": og_locale(code), "labels": code if code in own_labels else codes[0]}
            lang["menus"] = {"main": [{"identifier": ident, "name": translations.get(title, title), "weight": weight}
                                      for ident, title, weight in sections]}
    (root / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return count


def _resource(path: Path, code: str, default: str) -> tuple[dict[str, Any], str, bool]:
    """A resource's front matter (its translation's over the default's), body, and whether it is translated."""
    meta, body = _split(path.read_text(encoding="utf-8"))
    translated = path.with_name(f"{path.stem}.{code}.md")
    own = code == default or translated.exists()
    if code != default and own:
        extra, body = _split(translated.read_text(encoding="utf-8"))
        meta = {**meta, **extra}
    meta = {k: v for k, v in meta.items()
            if k in ("title", "summary", "kind", "number", "published", "languages", "audience", "file", "easy_read")}
    if meta.get("summary"):
        meta["description"] = meta["summary"]
    return meta, body, own


def _i18n_languages(site: dict[str, Any]) -> list[dict[str, Any]]:
    """The ``languages`` of the ``campaign-i18n`` (or ``i18n``) plugin in ``mkdocs.yml``."""
    for plugin in site.get("plugins") or []:
        if isinstance(plugin, dict):
            for name, options in plugin.items():
                if name in ("campaign-i18n", "i18n") and isinstance(options, dict):
                    return list(options.get("languages") or [])
    return []


def _menu(nav: list[Any]) -> tuple[dict[str, tuple[int, str | None]], list[tuple[str, str, int]]]:
    """Hugo menu entries of a MkDocs ``nav``: path → (weight, parent id); sections (id, title, weight)."""
    entries: dict[str, tuple[int, str | None]] = {}
    sections: list[tuple[str, str, int]] = []
    for weight, item in enumerate(nav or [], 1):
        if isinstance(item, str):
            entries[item] = (weight, None)
        elif isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    entries[value] = (weight, None)
                    continue
                ident = f"nav-{weight}"
                sections.append((ident, str(title), weight))
                for child_weight, child in enumerate(value or [], 1):
                    for path in [child] if isinstance(child, str) else child.values():
                        entries[path] = (child_weight, ident)
    return entries, sections


def _labels(path: Path) -> dict[str, dict[str, str]]:
    """Hugo i18n strings from our interface labels: ``section: {key: text}`` → ``section_key``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    labels: dict[str, dict[str, str]] = {}
    for section, values in data.items():
        if isinstance(values, dict):
            for key, text in values.items():
                labels[re.sub(r"\W", "_", f"{section}_{key}")] = {"other": str(text)}
    return labels


def _text(value: Any, code: str, default: str) -> tuple[str, bool]:
    """A field in ``code`` (or the default language's); whether it was translated."""
    if isinstance(value, dict):
        return str(value.get(code) or value.get(default) or ""), code in value
    return ("" if value is None else str(value)), code == default


def _service(path: Path, s: dict[str, Any], code: str, default: str) -> dict[str, Any]:
    """One service card's data in ``code``, as the area template reads it."""
    return {"id": path.stem, "name": _text(s["name"], code, default)[0], "kind": s.get("kind", "other"),
            "example": s.get("status") == "example",
            **{field: _text(s.get(field), code, default)[0]
               for field in ("organisation", "description", "address", "hours", "cost")},
            "languages": list(s.get("languages") or []), "accessibility": list(s.get("accessibility") or []),
            "phones": [{"number": str(p["number"]), "free": bool(p.get("free"))} for p in s.get("phones") or []]}


def _area_pages(content: Path, root: Path, codes: list[str], names: dict[str, str], full: bool) -> int:
    """One directory page per area listing its services: cards from data (full) or a Markdown list (minimal)."""
    areas = yaml.safe_load((content / "areas.yaml").read_text(encoding="utf-8"))["areas"]
    by_area: dict[str, list[tuple[Path, dict[str, Any]]]] = {key: [] for key in areas}
    for path in sorted((content / "services").glob("*.yaml")):
        service = yaml.safe_load(path.read_text(encoding="utf-8"))
        by_area.setdefault(service["area"], []).append((path, service))
    default = codes[0]
    prefix = {code: _labels(content / "i18n" / f"{code}.yaml").get("directory_in_area", {}).get("other")
              for code in codes if (content / "i18n" / f"{code}.yaml").is_file()}
    for key, services in by_area.items():
        for code in codes:
            title, own = _text(areas.get(key, {}).get("name", key), code, default)
            meta: dict[str, Any] = {"title": title}
            if full:
                meta["title"] = meta["description"] = f"{prefix.get(code) or prefix.get(default) or ''} {title}".strip()
                meta["services"] = [_service(path, s, code, default) for path, s in services]
                body = ""
            else:
                lines = [f"# {title}", ""]
                for _, s in services:
                    name, _ = _text(s["name"], code, default)
                    lines += [f"## {name}", ""]
                    for field in ("organisation", "description", "address", "hours", "cost"):
                        text, _ = _text(s.get(field), code, default)
                        lines.append(f"- **{field}:** {text}")
                    for phone in s.get("phones") or []:
                        lines.append(f"- **phone:** [{phone['number']}](tel:{phone['number']})")
                    lines.append("")
                body = "\n".join(lines)
            if not own:
                meta["fallback_from"] = default
                if not full:
                    meta["fallback_notice"] = NOTICE.get(code, NOTICE["vi"]).format(language=names[code])
            target = root / "content" / code / "danh-ba" / f"{key}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_page(meta, body), encoding="utf-8")
    return len(by_area)
