"""The floor of our stack: what MkDocs, Python-Markdown and Material cost on Hugo's pages alone.

Issue 18 asks for a cold clean build within 2× of Hugo. This benchmark measures
how much of that budget the design card's stack (MkDocs 1.6, Python-Markdown,
mkdocs-material) spends before any feature of ours runs. It takes the pages that
``build_bench.py`` gave Hugo (``--keep``: ``WORKDIR/hugo/content/<lang>/``, every
language's pages with the Vietnamese text where a translation is missing) and
builds them three ways, alternating, each in a fresh subprocess:

- ``hugo``: Debian's Hugo on its own project, as ``build_bench.py`` runs it;
- ``trivial``: ``mkdocs build`` of the same pages, no plugins, our
  ``markdown_extensions``, and a template that writes only the title, the table of
  contents' length and the converted body: MkDocs' own work per page plus Markdown;
- ``material``: the same with Material's templates (``font: false``, no plugins, our
  ``nav``): what Material's page templates add.

It also converts every body with Python-Markdown in this process, every page
(``markdown_all``) and each distinct body once (``markdown_once``): our build
converts a body once and reuses it for the languages that fall back to it, so
``*_once`` figures subtract the repeated conversions from the builds above.

    .venv/bin/python bench/build_bench.py --pages 500 --langs 5 --services 1000 \
        --resources 500 --no-plain --runs 1 --workdir /tmp/b --keep
    .venv/bin/python bench/stack_floor.py --workdir /tmp/b --runs 3

Seconds are CPU seconds (user + system) unless named ``wall``; the last line holds
the medians as ``key=value`` pairs, ending with the floors as multiples of Hugo's CPU.
None of our plugins run: no QR codes, link-preview images, search index, page
review, language switcher or collection pages; the floor is below what any build of
ours can reach with this stack.
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import markdown

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_bench import (  # noqa: E402  (bench/ is not a package)
    LOADS, VENV_BIN, Run, _ConfigLoader, _PythonTag, gnu_time, hugo_cmd, log, measure, write_config,
)

import yaml  # noqa: E402

TRIVIAL_TEMPLATE = ('<!doctype html><html><head><meta charset="utf-8"><title>{{ page.title }}</title></head>'
                    "<body>{{ page.toc | length }}{{ page.content }}</body></html>\n")


def nav_paths(config_file: Path) -> list[str]:
    """The Markdown paths of a project's ``nav``, in order."""
    paths: list[str] = []

    def walk(items: object) -> None:
        for item in items if isinstance(items, list) else []:
            if isinstance(item, str):
                paths.append(item)
            elif isinstance(item, dict):
                for value in item.values():
                    walk(value if isinstance(value, list) else [value])

    walk(yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader).get("nav"))  # noqa: S506
    return paths


def body_of(path: Path) -> str:
    """A page's Markdown without its front matter."""
    text = path.read_text(encoding="utf-8")
    return text.split("---\n", 2)[2] if text.startswith("---\n") else text


def make_floor(workdir: Path, root: Path, theme: str) -> int:
    """Write the MkDocs project ``root`` from Hugo's pages; returns the number of pages."""
    shutil.rmtree(root, ignore_errors=True)
    docs = root / "docs"
    count = 0
    for source in sorted((workdir / "hugo" / "content").rglob("*.md")):
        rel = source.relative_to(workdir / "hugo" / "content")
        target = docs / (rel.with_name("index.md") if rel.name == "_index.md" else rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        count += 1
    ours = yaml.load((workdir / "ours" / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)  # noqa: S506
    default = "vi"  # the pages of our nav, in the default language's folder
    config: dict[str, object] = {
        "site_name": ours.get("site_name", "floor"),
        "site_url": "https://binh-dang-gioi.example.net/",
        "use_directory_urls": False,
        "markdown_extensions": ours.get("markdown_extensions", []),
        "plugins": [],
        "nav": [f"{default}/{path}" for path in nav_paths(workdir / "ours" / "mkdocs.yml")
                if (docs / default / path).exists()],
    }
    if theme == "trivial":
        (root / "theme").mkdir(parents=True)
        (root / "theme" / "main.html").write_text(TRIVIAL_TEMPLATE, encoding="utf-8")
        config["theme"] = {"name": None, "custom_dir": "theme"}
    else:
        config["theme"] = {"name": "material", "language": "vi", "font": False}
    write_config(root / "mkdocs.yml", config)
    return count


def mkdocs_cmd(out: Path) -> list[str]:
    """A plain ``mkdocs build`` (not strict: pages outside the nav are expected)."""
    return [str(VENV_BIN / "mkdocs"), "build", "-q", "-f", "mkdocs.yml", "-d", str(out)]


def _resolve(value: object) -> object:
    """A ``!!python/name:module.attribute`` value of mkdocs.yml as the object it names."""
    if isinstance(value, _PythonTag):
        module, _, attribute = str(value).split("python/name:", 1)[1].rpartition(".")
        return getattr(importlib.import_module(module), attribute)
    return value


def markdown_cpu(workdir: Path, extensions: Sequence[object]) -> tuple[float, float, int, int]:
    """CPU seconds to convert every page's body, and each distinct body once; page and body counts."""
    names: list[str] = []
    configs: dict[str, object] = {}
    for item in extensions:
        if isinstance(item, dict):
            for name, options in item.items():
                names.append(name)
                configs[name] = {key: _resolve(value) for key, value in (options or {}).items()}
        else:
            names.append(str(item))
    bodies = [body_of(path) for path in sorted((workdir / "hugo" / "content").rglob("*.md"))]
    converter = markdown.Markdown(extensions=names, extension_configs=configs)

    def convert(texts: Sequence[str]) -> float:
        started = time.process_time()
        for text in texts:
            converter.reset().convert(text)
        return time.process_time() - started

    distinct = list(dict.fromkeys(bodies))
    return convert(bodies), convert(distinct), len(bodies), len(distinct)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, required=True, help="a build_bench.py --keep folder")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    workdir = args.workdir.resolve()
    if not (workdir / "hugo" / "content").is_dir():
        raise SystemExit(f"{workdir}: no hugo/content (run build_bench.py with --workdir and --keep first)")
    time_bin = gnu_time()
    pages = 0
    for theme in ("trivial", "material"):
        pages = make_floor(workdir, workdir / f"floor-{theme}", theme)
    ours = yaml.load((workdir / "ours" / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)  # noqa: S506
    runs: dict[str, list[Run]] = {"hugo": [], "trivial": [], "material": []}
    for round_ in range(args.runs):
        for name in runs:
            log(f"round {round_ + 1}/{args.runs}: {name}")
            if name == "hugo":
                runs[name].append(measure(hugo_cmd(workdir / "floor-site-hugo"), workdir / "hugo",
                                          workdir / "floor-site-hugo", time_bin))
            else:
                root = workdir / f"floor-{name}"
                runs[name].append(measure(mkdocs_cmd(root / "site"), root, root / "site", time_bin))
    md_all, md_once, bodies, distinct = markdown_cpu(workdir, ours.get("markdown_extensions", []))
    repeated = md_all - md_once
    cpu = {name: statistics.median(run.cpu for run in found) for name, found in runs.items()}
    wall = {name: statistics.median(run.wall for run in found) for name, found in runs.items()}
    figures = {
        "pages": pages, "distinct_bodies": distinct, "runs": args.runs,
        "hugo_wall_s": wall["hugo"], "hugo_cpu_s": cpu["hugo"],
        "trivial_wall_s": wall["trivial"], "trivial_cpu_s": cpu["trivial"],
        "material_wall_s": wall["material"], "material_cpu_s": cpu["material"],
        "markdown_all_cpu_s": md_all, "markdown_once_cpu_s": md_once,
        "trivial_once_cpu_s": cpu["trivial"] - repeated, "material_once_cpu_s": cpu["material"] - repeated,
        "load_avg": max(LOADS, default=os.getloadavg()[0]),
    }
    figures["floor_trivial_x_hugo_cpu"] = figures["trivial_once_cpu_s"] / cpu["hugo"]
    figures["floor_material_x_hugo_cpu"] = figures["material_once_cpu_s"] / cpu["hugo"]
    for name in ("hugo", "trivial", "material"):
        print(f"{name:9} CPU {cpu[name]:6.2f} s (wall {wall[name]:6.2f} s)")
    print(f"Markdown, {bodies} pages: {md_all:.2f} s; {distinct} distinct bodies once: {md_once:.2f} s")
    print(" ".join(f"{key}={value:.3f}" if isinstance(value, float) else f"{key}={value}"
                   for key, value in figures.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
