"""check speaks the communicator's language, through the gettext catalog."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from babel.messages.extract import extract_from_dir

from campaign_site.messages import catalog, detect_language, render
from conftest import REPO, copy_project

KEYWORDS = {"problem": (4,), "problem_at": (2,), "fail": (1,), "_problem": (4,), "N_": None}


def code_msgids() -> set[str]:
    package = REPO / "scripts" / "campaign_site"
    found = extract_from_dir(str(package), method_map=[("**.py", "python")], keywords=KEYWORDS,
                             comment_tags=(), strip_comment_tags=True)
    return {message for _, _, message, _, _ in found if isinstance(message, str) and message}


def test_every_message_has_a_vietnamese_translation() -> None:
    msgids = code_msgids()
    assert len(msgids) > 30
    vi = catalog("vi")
    assert sorted(msgids - vi.keys()) == [], "run `make messages` and translate the new entries"


def test_the_template_is_what_make_messages_extracts() -> None:
    """The committed template (campaign.pot) lists exactly the messages `make messages` finds
    (babel's default keywords, ``_`` included, plus ours), and the Vietnamese catalog holds no
    live translation outside it: refreshing the catalog never drops a message the code shows."""
    from babel.messages.extract import DEFAULT_KEYWORDS
    from babel.messages.pofile import read_po

    package = REPO / "scripts" / "campaign_site"
    found = extract_from_dir(str(package), method_map=[("**.py", "python")],
                             keywords={**DEFAULT_KEYWORDS, **KEYWORDS}, comment_tags=(), strip_comment_tags=True)
    extracted = {message for _, _, message, _, _ in found if isinstance(message, str) and message}
    locale = package / "locale"
    with (locale / "campaign.pot").open("rb") as handle:
        template = {message.id for message in read_po(handle) if message.id}
    assert sorted(extracted ^ template) == [], "run `make messages` (and translate any new entry)"
    with (locale / "vi" / "LC_MESSAGES" / "campaign.po").open("rb") as handle:
        vietnamese = {message.id for message in read_po(handle) if message.id}
    assert sorted(vietnamese - template) == [], "translations of messages the code no longer has"


def test_translations_keep_the_placeholders() -> None:
    import string

    for msgid, text in catalog("vi").items():
        wanted = {f for _, f, _, _ in string.Formatter().parse(msgid) if f}
        got = {f for _, f, _, _ in string.Formatter().parse(text) if f}
        assert wanted == got, msgid


def test_render_translates_parameters_that_are_messages() -> None:
    params = {"found": "hai", "expected": "a whole number"}
    assert render("found '{found}'; expected {expected}", "vi", params) == "đang là 'hai'; cần một số nguyên"
    assert render("found '{found}'; expected {expected}", "en", params) == "found 'hai'; expected a whole number"


def test_language_detection(monkeypatch) -> None:
    for variable in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    assert detect_language() == "en"
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    assert detect_language() == "vi"
    assert detect_language("en") == "en"


def run_check(project: Path, *args: str, lang_env: str = "C.UTF-8") -> subprocess.CompletedProcess[str]:
    cli = Path(sys.executable).with_name("campaign-site")
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(LANG=lang_env, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([str(cli), "check", *args], cwd=project, capture_output=True, text=True, env=env)


def test_each_error_in_both_languages_with_its_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    service = project / "content" / "services" / "tong-dai-111.yaml"
    text = service.read_text(encoding="utf-8")
    line = next(i for i, l in enumerate(text.splitlines(), 1) if l.startswith("kind:"))
    service.write_text(text.replace("kind: hotline", "kind: hotlne"), encoding="utf-8")
    event = next((project / "content" / "events").glob("*.yaml"))
    event.write_text(event.read_text(encoding="utf-8").replace("start: 2022-11-", "start: 2022-13-"), encoding="utf-8")

    english = run_check(project, lang_env="en_GB.UTF-8")
    vietnamese = run_check(project, lang_env="vi_VN.UTF-8")
    forced = run_check(project, "--lang", "en", lang_env="vi_VN.UTF-8")
    assert english.returncode == vietnamese.returncode == forced.returncode == 1
    where = f"content/services/tong-dai-111.yaml:{line}: kind:"
    assert f"{where} found 'hotlne'; expected one of 'hotline'" in english.stdout
    assert f"{where} đang là 'hotlne'; cần một trong các giá trị: 'hotline'" in vietnamese.stdout
    assert forced.stdout == english.stdout
    assert "which is not a real date" in english.stdout
    assert "không phải ngày có thật" in vietnamese.stdout
    assert "chưa đăng gì" in vietnamese.stderr
