#!/usr/bin/env python3
"""Build benchmark: our pipeline (`campaign-site build`) against plain Material + static-i18n.

Generates a deterministic synthetic campaign, builds it both ways in
alternating rounds, measures wall time, peak memory and page weight, and
prints a table whose last line is ``key=value`` figures. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import posixpath
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hugo_site import make_hugo  # noqa: E402
from page_weight import CHROMIUM, first_view as browser_first_view  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
LANGUAGES: list[tuple[str, str]] = [
    ("vi", "Tiếng Việt"), ("en", "English"), ("rad", "Ê Đê"), ("jra", "J'rai"), ("mng", "M'nông"),
]
# Upstream static-i18n accepts only 2-letter codes and Material needs UI strings
# for every language it builds: the minority languages get stand-in codes.
PLAIN_STANDIN = {"rad": "fr", "jra": "de", "mng": "es"}
PUBLIC_URL = "https://binh-dang-gioi.example.net/"  # reserved (RFC 2606) but not a placeholder host
LOADS: list[float] = []  # 1-minute load average after each build
CACHE_DIR = ".cache"  # our build cache (QR codes, link-preview images, compiled templates)
HUGO = shutil.which("hugo") or "hugo"  # Debian's hugo 0.111 (make bench-tools)
HUGO_DIRS = {"full": "hugo", "minimal": "hugo-minimal"}  # --hugo-templates: project folder of each set
CAMPAIGN_YEAR = 2025
TODAY = "2025-11-01"  # fixed for the Action Month countdown: reproducible pages
MEDIA = {
    "tai-lieu-mau-1.txt": "Tài liệu mẫu số 1 dùng để đo thời gian dựng trang.\n",
    "tai-lieu-mau-2.txt": "Tài liệu mẫu số 2 dùng để đo thời gian dựng trang.\n",
    "tai-lieu-mau-3.txt": "Tài liệu mẫu số 3 dùng để đo thời gian dựng trang.\n",
    # not an SVG: the build refuses files that can run scripts
    "bang-mau.csv": "xa,so_buoi\nxã mẫu,3\n",
}

VI_WORDS = [
    "bình đẳng giới", "phòng ngừa", "bạo lực", "gia đình", "cộng đồng", "phụ nữ", "trẻ em",
    "hỗ trợ", "đường dây nóng", "truyền thông", "chính sách", "pháp luật", "Đắk Lắk",
    "buôn làng", "hội phụ nữ", "thanh niên", "nam giới", "trẻ em gái", "người cao tuổi",
    "người khuyết tật", "đồng bào dân tộc thiểu số", "ứng phó", "bảo vệ", "an toàn", "tư vấn",
    "tâm lý", "trợ giúp pháp lý", "y tế", "công an xã", "trưởng buôn", "già làng", "trường học",
    "giáo viên", "học sinh", "cha mẹ", "kỹ năng", "tập huấn", "nâng cao nhận thức",
    "thay đổi hành vi", "tôn trọng", "chia sẻ việc nhà", "kinh tế hộ gia đình", "sinh kế",
    "tổ hòa giải", "địa chỉ tin cậy", "nhà tạm lánh", "kế hoạch", "báo cáo", "hằng năm",
    "thôn", "xã", "huyện", "cán bộ", "tình nguyện viên", "câu lạc bộ", "sinh hoạt",
    "hướng dẫn", "kết nối", "dịch vụ", "miễn phí", "kín đáo", "lắng nghe", "quyền lợi",
    "tảo hôn", "hôn nhân cận huyết thống", "mua bán người", "xâm hại", "phát hiện sớm",
    "can thiệp kịp thời", "Tháng hành động", "tiếng Ê Đê", "tiếng J'rai", "tiếng M'nông",
    "loa truyền thanh", "tờ rơi", "áp phích", "nương rẫy", "mùa mưa", "nhà rông", "lễ hội",
]
VI_JOIN = ["và", "cùng", "để", "với", "trong", "của", "cho", "về", "tại", "giúp", "nhằm"]
EN_WORDS = [
    "gender equality", "prevention", "violence", "family", "community", "women", "children",
    "support", "hotline", "communication", "policy", "law", "Đắk Lắk", "village",
    "Women's Union", "youth", "men and boys", "older people", "people with disabilities",
    "ethnic minorities", "response", "protection", "safety", "counselling", "legal aid",
    "health care", "commune police", "village head", "school", "teachers", "parents", "skills",
    "training", "awareness", "behaviour change", "respect", "shared housework", "livelihoods",
    "mediation team", "trusted address", "shelter", "plan", "report", "every year", "volunteers",
    "club", "guidance", "referral", "services", "free of charge", "confidential", "listening",
    "child marriage", "trafficking", "abuse", "early detection", "Action Month", "leaflets",
]
EN_JOIN = ["and", "with", "for", "in", "of", "to", "about", "through", "helping"]
SERVICE_KINDS = ["shelter", "one_stop_centre", "trusted_address", "social_work", "health",
                 "police", "legal_aid", "counselling", "other"]
RESOURCE_KINDS = ["poster", "leaflet", "video", "audio", "guide", "slides", "infographic", "report", "other"]
AUDIENCES = ["public", "youth", "parents", "men_and_boys", "officials", "communicators",
             "people_with_disabilities", "ethnic_minorities"]
ACCESSIBILITY = ["step_free_access", "sign_language", "easy_read", "minority_language_staff", "home_visits"]
SHORT_CODES = [("111", "hotline"), ("113", "police"), ("115", "health")]  # national numbers, not invented


# --- sizes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Size:
    """How big the synthetic campaign is."""

    pages: int
    langs: int
    services: int
    resources: int
    practices: int
    events: int
    translated: float
    seed: int

    def halved(self) -> "Size":
        """Every count divided by two (for --growth)."""
        return replace(self, pages=max(1, self.pages // 2), services=max(1, self.services // 2),
                       resources=max(1, self.resources // 2), practices=max(1, self.practices // 2),
                       events=max(1, self.events // 2))

    @property
    def languages(self) -> list[tuple[str, str]]:
        """The site languages, default first."""
        return LANGUAGES[: self.langs]

    @property
    def has_en(self) -> bool:
        """Whether English translations are written."""
        return self.langs >= 2


# --- text --------------------------------------------------------------------------------


class Writer:
    """Seeded text generator (Vietnamese with diacritics, and English)."""

    def __init__(self, seed: int, area_names: dict[str, str]) -> None:
        self.rng = random.Random(seed)
        self.area_names = area_names

    def sentence(self, en: bool = False, lo: int = 6, hi: int = 12) -> str:
        """One sentence of real words, capitalised, with a full stop."""
        words, joins = (EN_WORDS, EN_JOIN) if en else (VI_WORDS, VI_JOIN)
        parts: list[str] = []
        for i in range(self.rng.randint(lo, hi)):
            if i and self.rng.random() < 0.45:
                parts.append(self.rng.choice(joins))
            parts.append(self.rng.choice(words))
        text = " ".join(parts)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, en: bool = False, sentences: int = 3) -> str:
        """A few sentences."""
        return " ".join(self.sentence(en) for _ in range(sentences))

    def title(self, en: bool = False) -> str:
        """A short heading without full stop."""
        return self.sentence(en, 2, 4).rstrip(".")

    def localized(self, vi: str, en: str, has_en: bool) -> Any:
        """``{vi, en}`` when English is a site language, else the Vietnamese text."""
        return {"vi": vi, "en": en} if has_en else vi

    def table(self, number: int, en: bool) -> str:
        """A captioned Markdown table (the caption line sits right above it)."""
        head = "| Area | Sessions | Participants | Notes |" if en else "| Địa bàn | Số buổi | Số người tham gia | Ghi chú |"
        caption = f"{'Table' if en else 'Bảng'} {number}. {self.title(en)}."
        rows = [
            f"| {self.rng.choice(list(self.area_names.values()))} | {self.rng.randint(1, 40)} "
            f"| {self.rng.randint(10, 900)} | {self.title(en)} |"
            for _ in range(self.rng.randint(3, 6))
        ]
        return "\n".join([caption, "", head, "| --- | --- | --- | --- |", *rows])


def front_matter(data: dict[str, Any]) -> str:
    """YAML front matter block."""
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000) + "---\n"


def dump_yaml(path: Path, data: dict[str, Any]) -> None:
    """Write one YAML entry."""
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")


# --- synthetic campaign ------------------------------------------------------------------


@dataclass
class Docs:
    """Pages written to docs/: (Markdown path, has English translation)."""

    pages: list[tuple[str, bool]]
    section_indexes: list[str]


def copy_repo_docs(docs: Path, langs: set[str]) -> int:
    """Copy the repo's hand-written pages, keeping only the chosen languages' suffixes."""
    count = 0
    for path in sorted((REPO / "docs").rglob("*")):
        if not path.is_file():
            continue
        parts = path.name.split(".")
        if path.suffix == ".md" and len(parts) == 3 and parts[1] not in langs:
            continue
        target = docs / path.relative_to(REPO / "docs")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        count += path.suffix == ".md" and len(parts) == 2
    return count


def write_pages(docs: Path, size: Size, w: Writer) -> Docs:
    """``size.pages`` synthetic pages in up to 10 sections, each section with an index page."""
    sections = max(1, min(10, size.pages // 5))
    leaves = max(0, size.pages - sections)
    by_section: dict[int, list[str]] = {s: [] for s in range(sections)}
    for i in range(leaves):
        by_section[i % sections].append(f"chuyen-de-{i % sections + 1:02d}/bai-{i + 1:04d}.md")
    all_leaves = [p for s in range(sections) for p in by_section[s]]
    written: list[tuple[str, bool]] = []
    indexes: list[str] = []
    for s in range(sections):
        index = f"chuyen-de-{s + 1:02d}/index.md"
        indexes.append(index)
        for en in [False, True] if size.has_en else [False]:
            heading = f"{'Topic' if en else 'Chuyên đề'} {s + 1}: {w.title(en)}"
            links = "\n".join(f"- [{w.title(en)}]({posixpath.basename(p)})" for p in by_section[s])
            body = f"# {heading}\n\n{w.paragraph(en)}\n\n## {'Articles' if en else 'Các bài viết'}\n\n{links}\n"
            path = docs / (index.replace(".md", ".en.md") if en else index)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(front_matter({"description": w.sentence(en)}) + body, encoding="utf-8")
        written.append((index, size.has_en))
    for page in all_leaves:
        translated = size.has_en and w.rng.random() < size.translated
        targets = w.rng.sample(all_leaves, k=min(3, len(all_leaves)))
        for en in [False, True] if translated else [False]:
            links = [f"[{w.title(en)}]({posixpath.relpath(t, posixpath.dirname(page))})" for t in targets]
            body = "\n\n".join([
                f"# {w.title(en)}", w.paragraph(en), w.paragraph(en, 2),
                f"## {w.title(en)}", w.paragraph(en),
                f"### {w.title(en)}",
                "\n".join(f"- {w.sentence(en, 3, 6)}" for _ in range(4)) + f"\n- {'See' if en else 'Xem'} {links[0]}",
                w.table(1, en),
                f"## {w.title(en)}",
                w.paragraph(en) + " " + (" ".join(links[1:]) if links[1:] else ""),
                f"### {w.title(en)}",
                "\n".join(f"{n}. {w.sentence(en, 3, 6)}" for n in range(1, 4)),
            ])
            path = docs / (page.replace(".md", ".en.md") if en else page)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(front_matter({"description": w.sentence(en)}) + body + "\n", encoding="utf-8")
        written.append((page, translated))
    return Docs(written, indexes)


def write_collections(content: Path, size: Size, w: Writer, areas: list[str]) -> None:
    """Services, resources, practices, events and one campaign year through our content model."""
    has_en = size.has_en
    loc = w.localized
    for sub in ("services", "resources", "practices", "events", "campaigns", "media"):
        (content / sub).mkdir(parents=True, exist_ok=True)
    for name, text in MEDIA.items():
        (content / "media" / name).write_text(text, encoding="utf-8")
    handful = min(size.services, max(3, size.services // 200))
    for i in range(size.services):
        area = areas[i % len(areas)]
        area_vi = w.area_names[area]
        entry: dict[str, Any] = {}
        if i < handful:
            code, kind = SHORT_CODES[i % len(SHORT_CODES)]
            entry["name"] = loc(f"Số khẩn cấp {code} tại {area_vi} (ví dụ)", f"Emergency number {code} in {area_vi} (example)", has_en)
            entry["phones"] = [{"number": code, "free": True}]
        else:
            kind = SERVICE_KINDS[i % len(SERVICE_KINDS)]
            entry["name"] = loc(f"{w.title()} {i + 1} (ví dụ)", f"{w.title(True)} {i + 1} (example)", has_en)
        entry.update({
            "kind": kind,
            "organisation": loc(f"Hội Liên hiệp Phụ nữ {area_vi} (ví dụ)", f"Women's Union of {area_vi} (example)", has_en),
            "description": loc(w.paragraph(sentences=2) + " Thông tin chưa được xác minh.",
                               w.paragraph(True, 2) + " Not verified.", has_en),
            "area": area,
            "address": loc("Địa chỉ ví dụ — chưa xác minh", "Example address — not verified", has_en),
            "hours": loc("Giờ hành chính (ví dụ)", "Office hours (example)", has_en),
            "languages": ["vi", *w.rng.sample(["rad", "jra", "mng"], k=w.rng.randint(0, 2))],
            "accessibility": w.rng.sample(ACCESSIBILITY, k=w.rng.randint(0, 3)),
            "cost": loc("Miễn phí (ví dụ)", "Free (example)", has_en),
            "status": "example",
        })
        dump_yaml(content / "services" / f"vi-du-dich-vu-{i + 1:04d}.yaml", entry)
    media = sorted(MEDIA)
    for i in range(size.resources):
        slug = f"vi-du-tai-lieu-{i + 1:04d}"
        meta = {
            "title": f"{w.title()} (ví dụ {i + 1})",
            "kind": RESOURCE_KINDS[i % len(RESOURCE_KINDS)],
            "summary": w.sentence(),
            "languages": ["vi", *w.rng.sample(["rad", "jra", "mng"], k=w.rng.randint(0, 1))],
            "audience": w.rng.sample(AUDIENCES, k=w.rng.randint(1, 3)),
            "published": f"{w.rng.randint(2019, 2025)}-{w.rng.randint(1, 12):02d}-{w.rng.randint(1, 28):02d}",
            "file": media[i % len(media)],
            "easy_read": w.rng.random() < 0.2,
        }
        (content / "resources" / f"{slug}.md").write_text(
            front_matter(meta) + w.paragraph() + "\n\n" + w.paragraph(sentences=2) + "\n", encoding="utf-8")
        if has_en and w.rng.random() < size.translated:
            (content / "resources" / f"{slug}.en.md").write_text(
                front_matter({"title": f"{w.title(True)} (example {i + 1})", "summary": w.sentence(True)})
                + w.paragraph(True) + "\n", encoding="utf-8")
    for i in range(size.practices):
        slug = f"vi-du-mo-hinh-{i + 1:04d}"
        meta = {
            "title": f"{w.title()} (ví dụ {i + 1})",
            "area": areas[i % len(areas)],
            "year": w.rng.randint(2015, 2025),
            "organisation": "Hội Liên hiệp Phụ nữ xã (ví dụ)",
            "topics": w.rng.sample(["domestic-violence", "trusted-address", "youth", "men-and-boys", "schools"], k=2),
            "summary": w.sentence(),
            "results": [w.sentence(lo=3, hi=6) for _ in range(3)],
            "status": "example",
        }
        (content / "practices" / f"{slug}.md").write_text(
            front_matter(meta) + w.paragraph() + "\n\n" + w.paragraph() + "\n", encoding="utf-8")
        if has_en and w.rng.random() < size.translated:
            (content / "practices" / f"{slug}.en.md").write_text(
                front_matter({"title": f"{w.title(True)} (example {i + 1})", "summary": w.sentence(True)})
                + w.paragraph(True) + "\n", encoding="utf-8")
    for i in range(size.events):
        area = (["national"] + areas)[i % (len(areas) + 1)]
        dump_yaml(content / "events" / f"vi-du-su-kien-{i + 1:04d}.yaml", {
            "title": loc(f"{w.title()} (ví dụ)", f"{w.title(True)} (example)", has_en),
            "start": (dt.date(CAMPAIGN_YEAR, 11, 15) + dt.timedelta(days=i % 31)).isoformat(),
            "area": area,
            "venue": loc("Địa điểm ví dụ", "Example venue", has_en),
            "organiser": loc("Hội Liên hiệp Phụ nữ huyện (ví dụ)", "District Women's Union (example)", has_en),
            "description": loc(w.paragraph(sentences=2), w.paragraph(True, 2), has_en),
            "campaign": CAMPAIGN_YEAR,
            "status": "example",
        })
    dump_yaml(content / "campaigns" / f"{CAMPAIGN_YEAR}.yaml", {
        "year": CAMPAIGN_YEAR,
        "theme": loc(w.sentence(), w.sentence(True), has_en),
        "start": f"{CAMPAIGN_YEAR}-11-15",
        "end": f"{CAMPAIGN_YEAR}-12-15",
        "key_messages": [loc(w.sentence(), w.sentence(True), has_en) for _ in range(3)],
    })


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, replacing ``!ENV [NAME, default]`` by its default."""


def _env_default(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)[-1]
    return loader.construct_scalar(node)  # type: ignore[arg-type]


_ConfigLoader.add_constructor("!ENV", _env_default)


class _PythonTag(str):
    """A ``!!python/name:…`` value of mkdocs.yml, kept as its tag to be written back."""


def _python_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _PythonTag:
    return _PythonTag(node.tag)


class _ConfigDumper(yaml.SafeDumper):
    """Writes mkdocs.yml back, with its ``!!python/name`` tags."""


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _python_tag)
_ConfigDumper.add_representer(_PythonTag, lambda dumper, tag: dumper.represent_scalar(str(tag), ""))


def write_config(path: Path, config: dict[str, Any]) -> None:
    """Write an mkdocs.yml."""
    path.write_text(yaml.dump(config, Dumper=_ConfigDumper, allow_unicode=True, sort_keys=False), encoding="utf-8")


def read_repo_config() -> dict[str, Any]:
    """The repo's mkdocs.yml as data."""
    return yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)  # noqa: S506


def make_ours(root: Path, size: Size) -> tuple[Docs, int]:
    """Our project: repo config and theme, synthetic pages and collections."""
    langs = [code for code, _ in size.languages]
    (root / "docs").mkdir(parents=True)
    repo_pages = copy_repo_docs(root / "docs", set(langs))
    shutil.copytree(REPO / "overrides", root / "overrides")
    content = root / "content"
    (content / "i18n").mkdir(parents=True)
    shutil.copy2(REPO / "content" / "languages.yaml", content / "languages.yaml")
    areas_text = (REPO / "content" / "areas.yaml").read_text(encoding="utf-8")
    areas_repo = yaml.safe_load(areas_text)
    names = [v["name"] for v in areas_repo["areas"].values() if isinstance(v.get("name"), dict)]
    if any(code not in langs for name in names for code in name):
        # the loader rejects names in languages the site does not build (e.g. en with --langs 1)
        for value in areas_repo["areas"].values():
            if isinstance(value.get("name"), dict):
                value["name"] = {k: v for k, v in value["name"].items() if k in langs}
        areas_text = yaml.safe_dump(areas_repo, allow_unicode=True, sort_keys=False)
    (content / "areas.yaml").write_text(areas_text, encoding="utf-8")
    for path in (REPO / "content" / "i18n").glob("*.yaml"):
        if path.stem in langs:
            shutil.copy2(path, content / "i18n" / path.name)
    areas_data = yaml.safe_load((content / "areas.yaml").read_text(encoding="utf-8"))["areas"]
    area_names = {key: value["name"]["vi"] if isinstance(value["name"], dict) else value["name"]
                  for key, value in areas_data.items()}
    w = Writer(size.seed, area_names)
    docs = write_pages(root / "docs", size, w)
    write_collections(content, size, w, list(area_names))
    config = read_repo_config()
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "campaign-i18n" in plugin:
            repo_langs = {entry["locale"]: entry for entry in plugin["campaign-i18n"]["languages"]}
            plugin["campaign-i18n"]["languages"] = [
                repo_langs.get(code, {"locale": code, "name": label, "build": True}) for code, label in size.languages
            ]
    config["nav"] = [*config.get("nav", []), *docs.section_indexes]
    # a release build: with a public address the pages get their QR codes,
    # canonical links, sitemap and structured-data URLs (example.net: never requested)
    config["site_url"] = PUBLIC_URL
    write_config(root / "mkdocs.yml", config)
    return docs, repo_pages


def validate_ours(root: Path, size: Size) -> None:
    """Load the content with our loader and run the text checks; any problem aborts."""
    sys.path.insert(0, str(REPO / "scripts"))
    from campaign_site.content.checks import text_problems
    from campaign_site.content.loader import load_content

    langs = [code for code, _ in size.languages]
    content = load_content(root / "content", langs, langs[0])
    fonts = sorted((root / "overrides" / "assets" / "fonts").glob("noto-sans-regular*.woff2"))
    problems = [*content.problems, *text_problems(root / "docs", root / "content", fonts or None)]
    if problems:
        listing = "\n".join(f"  {p}" for p in problems[:20])
        raise SystemExit(f"synthetic content has {len(problems)} problem(s):\n{listing}")
    expected = (size.services, size.resources, size.practices, size.events)
    found = (len(content.services), len(content.resources), len(content.practices), len(content.events))
    if found != expected:
        raise SystemExit(f"loader found {found} entries, expected {expected}")


# --- plain project -----------------------------------------------------------------------

PLAIN_LABELS = {
    False: {"kind": "Loại", "summary": "Tóm tắt", "languages": "Ngôn ngữ", "audience": "Đối tượng",
            "published": "Ngày ban hành", "file": "Tệp", "area": "Địa bàn", "organisation": "Cơ quan",
            "address": "Địa chỉ", "hours": "Giờ làm việc", "phones": "Điện thoại", "cost": "Chi phí",
            "accessibility": "Hỗ trợ tiếp cận", "status": "Trạng thái", "year": "Năm", "topics": "Chủ đề",
            "results": "Kết quả", "sources": "Nguồn", "start": "Bắt đầu", "venue": "Địa điểm",
            "organiser": "Đơn vị tổ chức", "description": "Mô tả"},
    True: {"kind": "Kind", "summary": "Summary", "languages": "Languages", "audience": "Audience",
           "published": "Published", "file": "File", "area": "Area", "organisation": "Organisation",
           "address": "Address", "hours": "Hours", "phones": "Phone", "cost": "Cost",
           "accessibility": "Accessibility", "status": "Status", "year": "Year", "topics": "Topics",
           "results": "Results", "sources": "Sources", "start": "Starts", "venue": "Venue",
           "organiser": "Organiser", "description": "Description"},
}


def _text(value: Any, lang: str) -> str:
    """A field value as text in ``lang`` (falling back to Vietnamese)."""
    if isinstance(value, dict):
        return str(value["number"]) if "number" in value else str(value.get(lang) or value.get("vi") or "")
    if isinstance(value, list):
        return ", ".join(_text(v, lang) for v in value)
    return "" if value is None else str(value)


def plain_page(title: str, fields: dict[str, Any], body: str, en: bool, links: dict[str, str]) -> str:
    """An ordinary Markdown page: title, fields as a list, body."""
    labels = PLAIN_LABELS[en]
    lang = "en" if en else "vi"
    lines = [f"- **{labels.get(k, k)}:** {links.get(k) or _text(v, lang)}" for k, v in fields.items() if v not in (None, [], "")]
    return f"---\ndescription: {json.dumps(_text(fields.get('summary') or fields.get('description'), lang), ensure_ascii=False)}\n---\n# {title}\n\n" + "\n".join(lines) + f"\n\n{body}\n"


def _split_md(path: Path) -> tuple[dict[str, Any], str]:
    text = path.read_text(encoding="utf-8")
    _, meta, body = text.split("---\n", 2)
    return yaml.safe_load(meta), body.strip()


def make_plain(ours: Path, root: Path, size: Size) -> int:
    """Plain project: identical docs, one ordinary page per collection entry, stock plugins."""
    shutil.copytree(ours / "docs", root / "docs")
    docs, content = root / "docs", ours / "content"
    shutil.copytree(content / "media", docs / "media")
    count = 0

    def write(folder: str, slug: str, variants: dict[bool, tuple[str, dict[str, Any], str]]) -> None:
        nonlocal count
        (docs / folder).mkdir(exist_ok=True)
        for en, (title, fields, body) in variants.items():
            links = {"file": f"[{fields['file']}](../media/{fields['file']})"} if fields.get("file") else {}
            name = f"{slug}.en.md" if en else f"{slug}.md"
            (docs / folder / name).write_text(plain_page(title, fields, body, en, links), encoding="utf-8")
        count += 1

    for folder, source in (("tai-lieu", "resources"), ("mo-hinh", "practices")):
        for path in sorted((content / source).glob("*.md")):
            if path.name.count(".") > 1:
                continue
            meta, body = _split_md(path)
            variants = {False: (meta.pop("title"), meta, body)}
            translation = path.with_name(f"{path.stem}.en.md")
            if translation.exists():
                en_meta, en_body = _split_md(translation)
                variants[True] = (en_meta.pop("title"), {**meta, **en_meta}, en_body)
            write(folder, path.stem, variants)
    for folder, source, title_key in (("danh-ba", "services", "name"), ("su-kien", "events", "title")):
        for path in sorted((content / source).glob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            title = data.pop(title_key)
            variants = {False: (_text(title, "vi"), data, "")}
            if size.has_en:
                variants[True] = (_text(title, "en"), data, "")
            write(folder, path.stem, variants)
    repo = read_repo_config()
    languages = [{"locale": code if code in ("vi", "en") else PLAIN_STANDIN[code], "name": name,
                  "build": True, **({"default": True} if code == "vi" else {})} for code, name in size.languages]
    config = {
        "site_name": repo["site_name"],
        "site_url": repo.get("site_url") or "https://binhdanggioi.example/",
        "docs_dir": "docs",
        "use_directory_urls": False,
        "strict": False,
        # font: false — there is no network; Google Fonts would only time out.
        "theme": {"name": "material", "language": "vi", "font": False},
        "plugins": ["search", {"i18n": {"docs_structure": "suffix", "fallback_to_default": True,
                                        "languages": languages}}],
    }
    write_config(root / "mkdocs.yml", config)
    return count


# --- timing ---------------------------------------------------------------------------------

_RUSAGE_WRAPPER = (
    "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]).returncode; "
    "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
    "print(u.ru_maxrss, u.ru_utime + u.ru_stime, file=sys.stderr); sys.exit(r)"
)


def gnu_time() -> str | None:
    """Path of GNU time if it supports -v."""
    path = shutil.which("time", path="/usr/bin:/bin") or None
    if path is None:
        return None
    probe = subprocess.run([path, "-v", "true"], capture_output=True, text=True)
    return path if "Maximum resident set size" in probe.stderr else None


@dataclass
class Run:
    """One build: wall seconds, CPU seconds (user + system) and peak resident memory (MiB)."""

    wall: float
    cpu: float
    mem_mb: float


def measure(cmd: Sequence[str], cwd: Path, out: Path, time_bin: str | None) -> Run:
    """Run one build in a fresh subprocess; wall time and peak RSS."""
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CAMPAIGN_TODAY": TODAY}
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        if time_bin:
            full = [time_bin, "-v", "-o", report.name, *cmd]
        else:
            full = [sys.executable, "-c", _RUSAGE_WRAPPER, *cmd]
        started = time.perf_counter()
        proc = subprocess.run(full, cwd=cwd, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - started
        LOADS.append(os.getloadavg()[0])
        if proc.returncode != 0:
            raise SystemExit(f"build failed: {' '.join(cmd)}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
        if time_bin:
            text = Path(report.name).read_text()
            rss = float(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))  # type: ignore[union-attr]
            cpu = sum(float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", text))
        else:
            rss, cpu = (float(x) for x in proc.stderr.strip().splitlines()[-1].split())
    return Run(wall, cpu, rss / 1024)


def ours_cmd(out: Path) -> list[str]:
    """Our strict atomic build."""
    return [str(VENV_BIN / "campaign-site"), "build", "-q", "-f", "mkdocs.yml", "--out", str(out)]


def hugo_cmd(out: Path) -> list[str]:
    """Debian's Hugo, a clean build (no cache of rendered pages)."""
    return [HUGO, "--quiet", "--ignoreCache", "-d", str(out)]


def plain_cmd(out: Path) -> list[str]:
    """Stock sequential mkdocs build."""
    return [str(VENV_BIN / "mkdocs"), "build", "-q", "-f", "mkdocs.yml", "-d", str(out)]


# --- page weight ------------------------------------------------------------------------------


class _Refs(HTMLParser):
    """What a page makes the browser fetch on load."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.search_component = False
        self.search_form = False
        self.config: dict[str, Any] = {}
        self._in_config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        rel = a.get("rel", "").split()
        if tag == "link" and ("stylesheet" in rel or "icon" in rel) and a.get("href"):
            self.urls.append(a["href"])
        elif tag in ("script", "img") and a.get("src"):
            self.urls.append(a["src"])
        if a.get("data-md-component") == "search":
            self.search_component = True
        if tag == "form" and a.get("name") == "search":
            self.search_form = True
        self._in_config = tag == "script" and a.get("id") == "__config"

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self.config = json.loads(data)
            self._in_config = False


def _local(base: Path, url: str, site: Path) -> Path | None:
    if re.match(r"^([a-z]+:|//|#)", url):
        return None
    path = (base / url.split("#")[0].split("?")[0]).resolve()
    return path if path.is_file() and path.is_relative_to(site.resolve()) else None


def _css_fonts(css: Path, site: Path) -> list[Path]:
    """Fonts of every @font-face (first src URL: the format the browser picks) and @imports."""
    text = css.read_text(encoding="utf-8", errors="replace")
    found: list[Path] = []
    for block in re.findall(r"@font-face\s*{([^}]*)}", text):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", block):
            if (path := _local(css.parent, url, site)) is not None:
                found.append(path)
                break
    for url in re.findall(r"@import\s+(?:url\()?['\"]?([^'\")\s;]+)", text):
        if (path := _local(css.parent, url, site)) is not None and path.suffix == ".css":
            found += [path, *_css_fonts(path, site)]
    return found


def first_view(site: Path, page: Path) -> tuple[int, int, list[tuple[str, int]]]:
    """(bytes, gzip bytes, files) the browser loads for a first view of ``page`` over HTTP."""
    refs = _Refs()
    refs.feed(page.read_text(encoding="utf-8"))
    files: list[Path] = [page]
    for url in refs.urls:
        if (path := _local(page.parent, url, site)) is not None:
            files.append(path)
            if path.suffix == ".css":
                files += _css_fonts(path, site)
    base = (page.parent / refs.config.get("base", ".")).resolve()
    worker_url = refs.config.get("search")
    # Material starts its search worker when the page has its search component,
    # and fetches search_index.json at once when the page has <form name="search">.
    if refs.search_component and worker_url and (worker := _local(base, worker_url, site)):
        files.append(worker)
        if refs.search_form and (index := _local(base, "search/search_index.json", site)):
            files.append(index)
            langs = json.loads(index.read_text(encoding="utf-8")).get("config", {}).get("lang", [])
            lunr = worker.parent.parent / "lunr"
            extra = [lunr / "min" / "lunr.stemmer.support.min.js"] if langs else []
            for lang in langs:
                extra += [lunr / "tinyseg.js"] if lang == "ja" else [lunr / "wordcut.js"] if lang in ("hi", "th") else []
                extra += [lunr / "min" / f"lunr.{lang}.min.js"] if lang != "en" else []
            extra += [lunr / "min" / "lunr.multi.min.js"] if len(langs) > 1 else []
            files += [p for p in extra if p.is_file()]
    unique = list(dict.fromkeys(files))
    raw = sum(p.stat().st_size for p in unique)
    gz = sum(len(gzip.compress(p.read_bytes(), 6)) for p in unique)
    return raw, gz, [(p.relative_to(site.resolve()).as_posix(), p.stat().st_size) for p in unique]


@dataclass
class Weight:
    """Page weight figures of one built site (bytes)."""

    home: int
    first_view: int
    first_view_gz: int
    first_view_files: list[tuple[str, int]]
    area_page: int
    area_name: str
    search: dict[str, int]
    html_files: int
    avg_html: float
    site_bytes: int


def weigh(site: Path, ours: bool) -> Weight:
    """Sizes of a built site."""
    site = site.resolve()
    home = site / "index.html"
    raw, gz, files = first_view(site, home)
    if Path(CHROMIUM).exists():
        # what Chromium really loads from file:// (fonts only for the characters used)
        _, raw, loaded, _ = browser_first_view(site, ["index.html"])[0]
        files = loaded
        gz = sum(len(gzip.compress((site / name).read_bytes(), 6)) for name, _ in loaded if (site / name).is_file())
    area_name, area = "", 0
    if ours:
        areas = [p for p in (site / "danh-ba").glob("*.html") if p.name != "index.html"]
        if areas:
            biggest = max(areas, key=lambda p: p.stat().st_size)
            area_name, area = biggest.name, biggest.stat().st_size
        search = {p.name.split(".")[1]: p.stat().st_size for p in sorted((site / "search").glob("index.*.js"))}
    else:
        search = {p.relative_to(site).as_posix(): p.stat().st_size for p in sorted(site.rglob("search_index.json"))}
    html = [p.stat().st_size for p in site.rglob("*.html")]
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return Weight(home.stat().st_size, raw, gz, files, area, area_name, search, len(html),
                  sum(html) / max(1, len(html)), total)


# Page types compared between ours and Hugo (one language prefix stripped): what the path looks like.
PAGE_TYPES = [
    ("article", re.compile(r"chuyen-de-\d+/bai-\d+\.html")),
    ("section index", re.compile(r"chuyen-de-\d+(/index)?\.html")),
    ("directory area", re.compile(r"danh-ba/(?!index\.html)[^/]+\.html")),
    ("resource", re.compile(r"tai-lieu/(?!index\.html)[^/]+\.html")),
    ("practice", re.compile(r"mo-hinh/(?!index\.html)[^/]+\.html")),
    ("home", re.compile(r"index\.html")),
]


def page_type(rel: str) -> str:
    """``article``, ``section index``, ``directory area``, ``resource``, ``practice``, ``home`` or ``other`` for a site path."""
    first, _, rest = rel.partition("/")
    path = rest if rest and first in {code for code, _ in LANGUAGES[1:]} else rel
    return next((name for name, pattern in PAGE_TYPES if pattern.fullmatch(path)), "other")


def weigh_html(site: Path) -> dict[str, tuple[int, float]]:
    """HTML files and their average size (bytes) by page type, and over ``all`` of them."""
    sizes: dict[str, list[int]] = {}
    for path in site.rglob("*.html"):
        size = path.stat().st_size
        sizes.setdefault(page_type(path.relative_to(site).as_posix()), []).append(size)
        sizes.setdefault("all", []).append(size)
    return {name: (len(v), sum(v) / len(v)) for name, v in sizes.items()}


def hugo_report(ours_runs: list[Run], hugo_runs: dict[str, list[Run]], ours_types: dict[str, tuple[int, float]],
                hugo_types: dict[str, dict[str, tuple[int, float]]]) -> tuple[dict[str, object], dict[str, object]]:
    """Print the time and page-size tables against each Hugo template set.

    Returns the figures for the last line: ``hugo_*`` of the first set (full
    unless only minimal ran), ``hugo_minimal_*`` when both ran, and the two
    ratios that end the line (``ratio_hugo_wall``, ``ratio_hugo_cpu``).
    """
    secs, mib = (lambda v: f"{v:.2f} s"), (lambda v: f"{v:.0f} MiB")
    med = {name: {k: statistics.median(getattr(x, k) for x in runs) for k in ("wall", "cpu", "mem_mb")}
           for name, runs in {"ours": ours_runs, **hugo_runs}.items()}
    rows = [["build", "ours", *(f"hugo ({n})" for n in hugo_runs), *(f"ours/hugo ({n})" for n in hugo_runs)]]
    for label, key, fmt in (("wall time, median (min–max)", "wall", secs), ("CPU time (user+sys), median (min–max)", "cpu", secs),
                            ("peak memory, median (min–max)", "mem_mb", mib)):
        rows.append([label, *(spread((getattr(x, key) for x in runs), fmt) for runs in (ours_runs, *hugo_runs.values())),
                     *(f"{med['ours'][key] / med[n][key]:.2f}" for n in hugo_runs)])
    print()
    print(table(rows))
    sizes = [["HTML page, average KiB (files)", "ours", *(f"hugo ({n})" for n in hugo_runs), *(f"hugo/ours ({n})" for n in hugo_runs)]]
    for kind in (*(name for name, _ in PAGE_TYPES), "other", "all"):
        count, ours_avg = ours_types.get(kind, (0, 0.0))
        theirs = [hugo_types[n].get(kind, (0, 0.0)) for n in hugo_runs]
        sizes.append([kind, f"{kb(ours_avg)} ({count})", *(f"{kb(avg)} ({c})" for c, avg in theirs),
                      *(f"{avg / ours_avg:.2f}" if ours_avg else "" for _, avg in theirs)])
    print()
    print(table(sizes))
    names = list(hugo_runs)
    main_set, figures = names[0], {}
    for name in names:
        key = "hugo" if name == main_set else f"hugo_{name}"
        figures.update({f"{key}_wall_s": f"{med[name]['wall']:.2f}", f"{key}_cpu_s": f"{med[name]['cpu']:.2f}",
                        f"{key}_mem_mb": f"{med[name]['mem_mb']:.0f}", f"{key}_avg_html_kb": kb(hugo_types[name]["all"][1])})
    figures["hugo_templates"] = "both" if len(names) > 1 else main_set
    figures["ratio_hugo_mem"] = f"{med['ours']['mem_mb'] / med[main_set]['mem_mb']:.3f}"
    figures.update(round_ratios(ours_runs, hugo_runs[main_set]))
    for name in names[1:]:
        figures[f"ratio_hugo_{name}_wall"] = f"{med['ours']['wall'] / med[name]['wall']:.3f}"
        figures[f"ratio_hugo_{name}_cpu"] = f"{med['ours']['cpu'] / med[name]['cpu']:.3f}"
    last = {"ratio_hugo_wall": f"{med['ours']['wall'] / med[main_set]['wall']:.3f}",
            "ratio_hugo_cpu": f"{med['ours']['cpu'] / med[main_set]['cpu']:.3f}"}
    return figures, last


def round_ratios(ours_runs: list[Run], hugo_runs: list[Run]) -> dict[str, str]:
    """Ours ÷ Hugo in each round (the two builds of a round run one after the other, so they
    share the machine's state: load, clock, the file system's recently freed inodes) and the
    worst round's: ``ratio_hugo_wall_rounds`` / ``ratio_hugo_cpu_rounds`` (slash-separated, in
    round order) and ``ratio_hugo_wall_worst`` / ``ratio_hugo_cpu_worst``. The medians of the
    last line can sit under a bound that a round of its own does not."""
    pairs = list(zip(ours_runs, hugo_runs))
    figures: dict[str, str] = {}
    for key in ("wall", "cpu"):
        ratios = [getattr(ours, key) / getattr(hugo, key) for ours, hugo in pairs if getattr(hugo, key) > 0]
        if ratios:
            figures[f"ratio_hugo_{key}_rounds"] = "/".join(f"{ratio:.2f}" for ratio in ratios)
            figures[f"ratio_hugo_{key}_worst"] = f"{max(ratios):.3f}"
    return figures


# --- report ------------------------------------------------------------------------------------


def kb(n: float) -> str:
    """Kibibytes with one decimal."""
    return f"{n / 1024:.1f}"


def spread(values: Iterable[float], fmt: Callable[[float], str]) -> str:
    """``median (min–max)``."""
    v = list(values)
    return f"{fmt(statistics.median(v))} ({fmt(min(v))}–{fmt(max(v))})"


def table(rows: list[list[str]]) -> str:
    """Left-aligned text table with a rule under the header."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(widths[i]) for i, c in enumerate(r)).rstrip() for r in rows]
    return "\n".join([lines[0], "  ".join("-" * w for w in widths), *lines[1:]])


def log(message: str) -> None:
    """Progress on stderr (stdout holds the report)."""
    print(message, file=sys.stderr, flush=True)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pages", type=int, default=50, help="synthetic Markdown pages in docs/ (default 50)")
    p.add_argument("--langs", type=int, default=5, choices=range(1, 6), help="first N of vi en rad jra mng (default 5)")
    p.add_argument("--services", type=int, default=100, help="directory services (default 100)")
    p.add_argument("--resources", type=int, default=50, help="library resources (default 50)")
    p.add_argument("--practices", type=int, default=None, help="model practices (default resources/10, at least 4)")
    p.add_argument("--events", type=int, default=None, help="Action Month events (default services/20, at least 5)")
    p.add_argument("--translated", type=float, default=0.5, help="share of pages and entries translated to English (default 0.5)")
    p.add_argument("--runs", type=int, default=1, help="rounds of A B (ours, plain) builds (default 1)")
    p.add_argument("--seed", type=int, default=2022, help="random seed (default 2022)")
    p.add_argument("--growth", action="store_true", help="also build ours at half size; report the time ratio full/half")
    p.add_argument("--workdir", type=Path, help="where to generate and build (default: a temp dir, removed)")
    p.add_argument("--keep", action="store_true", help="keep the work dir")
    p.add_argument("--cache", choices=("cold", "warm"), default="cold",
                   help="ours: delete the build cache (.cache/) before each build, or warm it with one "
                        "unmeasured build first (default cold)")
    p.add_argument("--edit-one", action="store_true",
                   help="ours: with --cache warm, edit one page (append a sentence) before each measured build: "
                        "the rebuild after a communicator saves one page")
    p.add_argument("--no-plain", action="store_true",
                   help="skip the plain Material build (slow at full size): ours and Hugo only")
    p.add_argument("--no-hugo", action="store_true", help="skip the Hugo baseline (no ratio_hugo_*)")
    p.add_argument("--hugo-templates", choices=("full", "minimal", "both"), default="full",
                   help="Hugo's templates: the same page chrome as ours (full, the default), a 1-KB skeleton "
                        "(minimal), or both in the same rounds (hugo_* figures are the full set's, "
                        "hugo_minimal_* the skeleton's)")
    p.add_argument("--ours-only", action="store_true",
                   help="skip plain Material (no ratios): quick growth and page-weight checks")
    args = p.parse_args(argv)
    if min(args.pages, args.services, args.resources, args.runs) < 1:
        p.error("--pages, --services, --resources and --runs must be at least 1")
    if args.edit_one and args.cache != "warm":
        p.error("--edit-one needs --cache warm (an edit after a build that filled the cache)")
    return args


def edit_one_page(docs_dir: Path, docs: Docs, run: int) -> Path:
    """Append a sentence to the first synthetic page (a new one each run): the edit measured by ``--edit-one``."""
    page = docs_dir / docs.pages[0][0]
    with page.open("a", encoding="utf-8") as text:
        text.write(f"\nCâu thêm sau khi sửa, lần {run + 1}.\n")
    return page


def report_without_plain(ours_runs: list[Run], hugo_runs: dict[str, list[Run]], half_runs: list[Run],
                         growth: float | None, growth_cpu: float, w: Weight, size: Size, cache: str, load: float,
                         edit_one: bool = False, ours_types: dict[str, tuple[int, float]] | None = None,
                         hugo_types: dict[str, dict[str, tuple[int, float]]] | None = None) -> int:
    """Figures of our build alone (``--ours-only``), or with Hugo's (``--no-plain``)."""
    ow, oc = statistics.median(x.wall for x in ours_runs), statistics.median(x.cpu for x in ours_runs)
    hugo_figures: dict[str, object] = {}
    last: dict[str, object] = {}
    if hugo_runs:
        hugo_figures, last = hugo_report(ours_runs, hugo_runs, ours_types or {}, hugo_types or {})
        print(f"(load average: {load:.1f} on {os.cpu_count()} CPUs; our build cache: {cache})")
    figures: dict[str, object] = {
        "ours_wall_s": f"{ow:.2f}", "ours_cpu_s": f"{oc:.2f}", "edit_one": int(edit_one),
        "ours_mem_mb": f"{statistics.median(x.mem_mb for x in ours_runs):.0f}",
        "area_page_kb": kb(w.area_page), "search_vi_kb": kb(w.search.get("vi", 0)), "avg_html_kb": kb(w.avg_html),
        "html_files": w.html_files, "langs": size.langs, "pages": size.pages, "services": size.services,
        "resources": size.resources, "runs": len(ours_runs), "cache": cache, "load_avg": f"{load:.1f}",
    }
    if growth is not None:
        figures.update({"half_wall_s": f"{statistics.median(x.wall for x in half_runs):.2f}",
                        "half_cpu_s": f"{statistics.median(x.cpu for x in half_runs):.2f}",
                        "growth_ratio": f"{growth:.3f}", "growth_ratio_cpu": f"{growth_cpu:.3f}"})
    figures.update({**hugo_figures, **last})
    print(" ".join(f"{k}={v}" for k, v in figures.items()))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Generate, validate, build A/B, weigh, report."""
    args = parse_args(argv)
    size = Size(args.pages, args.langs, args.services, args.resources,
                args.practices if args.practices is not None else max(4, args.resources // 10),
                args.events if args.events is not None else max(5, args.services // 20),
                args.translated, args.seed)
    work = (args.workdir or Path(tempfile.mkdtemp(prefix="campaign-bench-"))).resolve()
    work.mkdir(parents=True, exist_ok=True)
    time_bin = gnu_time()
    load_before = os.getloadavg()[0]
    try:
        log(f"generating in {work} …")
        ours_dir, plain_dir = work / "ours", work / "plain"
        for d in (ours_dir, plain_dir):
            shutil.rmtree(d, ignore_errors=True)
        docs, repo_pages = make_ours(ours_dir, size)
        validate_ours(ours_dir, size)
        plain_entries = 0 if args.ours_only else make_plain(ours_dir, plain_dir, size)
        hugo_sets = [] if args.ours_only or args.no_hugo else (
            ["full", "minimal"] if args.hugo_templates == "both" else [args.hugo_templates])
        hugo_dirs = {name: (work / HUGO_DIRS[name], work / f"site-{HUGO_DIRS[name]}") for name in hugo_sets}
        if hugo_sets:
            if shutil.which(HUGO) is None:
                raise SystemExit("hugo is not installed: run `make bench-tools` (Debian's hugo), or pass --no-hugo")
            ours_config = yaml.load((ours_dir / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)  # noqa: S506
            for name, (hugo_dir, _) in hugo_dirs.items():
                shutil.rmtree(hugo_dir, ignore_errors=True)
                hugo_pages = make_hugo(plain_dir / "docs", ours_dir / "content", hugo_dir, size.languages,
                                       ours_config.get("nav") or [], ours_config["site_name"], templates=name,
                                       site=ours_config)
                log(f"hugo ({name} templates): {hugo_pages} pages per language")
        md_files = sum(1 for _ in (ours_dir / "docs").rglob("*.md"))
        log(f"{len(docs.pages)} synthetic + {repo_pages} repo pages ({md_files} .md files incl. translations), "
            f"{plain_entries} collection pages for plain; peak memory via {time_bin or 'getrusage wrapper'}")
        ours_out, plain_out = work / "site-ours", work / "site-plain"
        ours_runs: list[Run] = []
        plain_runs: list[Run] = []
        hugo_runs: dict[str, list[Run]] = {name: [] for name in hugo_sets}
        if args.cache == "warm":
            log("warming our build cache (one build, not measured) …")
            measure(ours_cmd(ours_out), ours_dir, ours_out, time_bin)
        for r in range(args.runs):
            if args.cache == "cold":
                shutil.rmtree(ours_dir / CACHE_DIR, ignore_errors=True)
            if args.edit_one:
                log(f"edited {edit_one_page(ours_dir / 'docs', docs, r).relative_to(ours_dir)}")
            ours_runs.append(measure(ours_cmd(ours_out), ours_dir, ours_out, time_bin))
            log(f"round {r + 1}: ours {ours_runs[-1].wall:.1f} s (CPU {ours_runs[-1].cpu:.1f} s), {ours_runs[-1].mem_mb:.0f} MiB")
            if args.ours_only:
                continue
            if not args.no_plain:
                plain_runs.append(measure(plain_cmd(plain_out), plain_dir, plain_out, time_bin))
                log(f"round {r + 1}: plain {plain_runs[-1].wall:.1f} s (CPU {plain_runs[-1].cpu:.1f} s), {plain_runs[-1].mem_mb:.0f} MiB")
            for name, (hugo_dir, hugo_out) in hugo_dirs.items():
                runs = hugo_runs[name]
                runs.append(measure(hugo_cmd(hugo_out), hugo_dir, hugo_out, time_bin))
                log(f"round {r + 1}: hugo ({name}) {runs[-1].wall:.1f} s (CPU {runs[-1].cpu:.1f} s), {runs[-1].mem_mb:.0f} MiB")
        growth: float | None = None
        growth_cpu = 0.0
        half_runs: list[Run] = []
        if args.growth:
            half = size.halved()
            half_dir, half_out = work / "ours-half", work / "site-ours-half"
            shutil.rmtree(half_dir, ignore_errors=True)
            make_ours(half_dir, half)
            validate_ours(half_dir, half)
            if args.cache == "warm":
                measure(ours_cmd(half_out), half_dir, half_out, time_bin)
            for r in range(args.runs):
                if args.cache == "cold":
                    shutil.rmtree(half_dir / CACHE_DIR, ignore_errors=True)
                half_runs.append(measure(ours_cmd(half_out), half_dir, half_out, time_bin))
                log(f"growth round {r + 1}: ours at half size {half_runs[-1].wall:.1f} s")
            growth = statistics.median(x.wall for x in ours_runs) / statistics.median(x.wall for x in half_runs)
            growth_cpu = statistics.median(x.cpu for x in ours_runs) / statistics.median(x.cpu for x in half_runs)
        w_ours = weigh(ours_out, True)
        w_hugo = {name: weigh_html(out) for name, (_, out) in hugo_dirs.items()}
        w_ours_types = weigh_html(ours_out)
        w_plain = None if args.ours_only or args.no_plain else weigh(plain_out, False)
        load = max([load_before, os.getloadavg()[0], *LOADS])
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)

    if w_plain is None:
        return report_without_plain(ours_runs, hugo_runs, half_runs, growth, growth_cpu, w_ours, size, args.cache, load,
                                    args.edit_one, w_ours_types, w_hugo)
    ow, pw = statistics.median(x.wall for x in ours_runs), statistics.median(x.wall for x in plain_runs)
    om, pm = statistics.median(x.mem_mb for x in ours_runs), statistics.median(x.mem_mb for x in plain_runs)
    oc, pc = statistics.median(x.cpu for x in ours_runs), statistics.median(x.cpu for x in plain_runs)
    secs, mib = (lambda v: f"{v:.2f} s"), (lambda v: f"{v:.0f} MiB")
    print(f"Synthetic campaign: {len(docs.pages)} pages (+{repo_pages} repo pages) in {len(docs.section_indexes)} sections, "
          f"{size.langs} languages ({', '.join(c for c, _ in size.languages)}), {size.services} services, "
          f"{size.resources} resources, {size.practices} practices, {size.events} events; {args.runs} round(s) A/B.")
    print(f"Plain: mkdocs-material + static-i18n, stand-ins {', '.join(f'{k}→{v}' for k, v in PLAIN_STANDIN.items() if k in dict(size.languages))}, font: false.\n")
    print(table([
        ["build", "ours", "plain", "ours/plain"],
        ["wall time, median (min–max)", spread((x.wall for x in ours_runs), secs), spread((x.wall for x in plain_runs), secs), f"{ow / pw:.2f}"],
        ["CPU time (user+sys), median (min–max)", spread((x.cpu for x in ours_runs), secs), spread((x.cpu for x in plain_runs), secs), f"{oc / pc:.2f}"],
        ["peak memory, median (min–max)", spread((x.mem_mb for x in ours_runs), mib), spread((x.mem_mb for x in plain_runs), mib), f"{om / pm:.2f}"],
    ]))
    hugo_figures: dict[str, object] = {}
    last: dict[str, object] = {}
    if hugo_runs:
        hugo_figures, last = hugo_report(ours_runs, hugo_runs, w_ours_types, w_hugo)
    print(f"(load average on this machine during the run: {load:.1f} on {os.cpu_count()} CPUs; "
          "wall times include waiting for the CPU, CPU times do not)")
    if growth is not None:
        print(f"\ngrowth: ours at half size {spread((x.wall for x in half_runs), secs)}, full {secs(ow)}: "
              f"×{growth:.2f} wall, ×{growth_cpu:.2f} CPU for ×2 content "
              f"(target ≤ 2.1: wall {'met' if growth <= 2.1 else 'NOT met'}, CPU {'met' if growth_cpu <= 2.1 else 'NOT met'})")
    search_ours = ", ".join(f"{k} {kb(v)}" for k, v in w_ours.search.items())
    search_plain = ", ".join(f"{k} {kb(v)}" for k, v in w_plain.search.items())
    print()
    print(table([
        ["size (KiB unless stated)", "ours", "plain", "ours/plain"],
        ["home index.html", kb(w_ours.home), kb(w_plain.home), f"{w_ours.home / w_plain.home:.2f}"],
        ["home first view (all files)", kb(w_ours.first_view), kb(w_plain.first_view), f"{w_ours.first_view / w_plain.first_view:.2f}"],
        ["home first view, gzip", kb(w_ours.first_view_gz), kb(w_plain.first_view_gz), f"{w_ours.first_view_gz / w_plain.first_view_gz:.2f}"],
        ["home first view, files", str(len(w_ours.first_view_files)), str(len(w_plain.first_view_files)), ""],
        [f"largest area page (danh-ba/{w_ours.area_name})", kb(w_ours.area_page), "n/a", ""],
        ["search index per language (ours) / total (plain)", kb(max(w_ours.search.values(), default=0)) + " max",
         kb(sum(w_plain.search.values())), ""],
        ["average HTML page", kb(w_ours.avg_html), kb(w_plain.avg_html), f"{w_ours.avg_html / w_plain.avg_html:.2f}"],
        ["HTML files", str(w_ours.html_files), str(w_plain.html_files), ""],
        ["whole site, MiB", f"{w_ours.site_bytes / 2**20:.1f}", f"{w_plain.site_bytes / 2**20:.1f}", ""],
    ]))
    print(f"\nsearch indexes — ours: {search_ours}\n                 plain: {search_plain}")
    for name, w in (("ours", w_ours), ("plain", w_plain)):
        print(f"first view ({name}): " + ", ".join(f"{p} {kb(s)}" for p, s in w.first_view_files))
    figures: dict[str, object] = {
        "ratio_wall": f"{ow / pw:.3f}", "ours_wall_s": f"{ow:.2f}", "plain_wall_s": f"{pw:.2f}",
        "ratio_cpu": f"{oc / pc:.3f}", "ours_cpu_s": f"{oc:.2f}", "plain_cpu_s": f"{pc:.2f}",
        "ratio_mem": f"{om / pm:.3f}", "ours_mem_mb": f"{om:.0f}", "plain_mem_mb": f"{pm:.0f}",
        "home_kb": kb(w_ours.home), "home_first_view_kb": kb(w_ours.first_view),
        "home_first_view_gz_kb": kb(w_ours.first_view_gz), "plain_home_first_view_kb": kb(w_plain.first_view),
        "plain_home_first_view_gz_kb": kb(w_plain.first_view_gz), "area_page_kb": kb(w_ours.area_page),
        "search_vi_kb": kb(w_ours.search.get("vi", 0)), "plain_search_kb": kb(sum(w_plain.search.values())),
        "avg_html_kb": kb(w_ours.avg_html), "plain_avg_html_kb": kb(w_plain.avg_html),
        "html_files": w_ours.html_files, "plain_html_files": w_plain.html_files,
        "pages": len(docs.pages), "repo_pages": repo_pages, "langs": size.langs, "services": size.services,
        "resources": size.resources, "practices": size.practices, "events": size.events, "runs": args.runs,
        "cache": args.cache, "edit_one": int(args.edit_one), "load_avg": f"{load:.1f}",
    }
    figures.update(hugo_figures)
    if growth is not None:
        figures["growth_ratio"] = f"{growth:.3f}"
        figures["growth_ratio_cpu"] = f"{growth_cpu:.3f}"
    figures.update(last)  # ratio_hugo_wall, ratio_hugo_cpu: last on the line, as documented
    print(" ".join(f"{k}={v}" for k, v in figures.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
