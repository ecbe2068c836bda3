"""The offline bundle: layout, checksums and ``verify``, reproducibility, and the
unpacked copy working from file:// in Chromium with the network off."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from campaign_site.cli import build_parser
from campaign_site.dates import build_date
from campaign_site.publish.archive import DIR_MODE, FILE_MODE, STORED_SUFFIXES, zip_date_time
from campaign_site.publish.bundle import TOP_FOLDER, default_bundle_path
from campaign_site.publish.checksums import parse_sums
from campaign_site.publish.epoch import ZIP_EPOCH, SourceEpoch, source_epoch
from campaign_site.publish.selection import UnusedFileReferenced, published_files
from campaign_site.publish.signing import (
    KEY_FILE, PublicKey, key_file_text, new_private_key, private_key_bytes, public_key_of)
from campaign_site.publish.sizes import SHARED, site_group
from conftest import copy_project, set_public_url

EPOCH = 1764160496  # 2025-11-26T12:34:56Z
TOP = f"{TOP_FOLDER}/"


@dataclass(frozen=True)
class ThrowawayKey:
    """A throwaway signing key for the test session (never the department's)."""

    private: Path
    published: Path  # the key file as the site publishes it
    public: PublicKey


@pytest.fixture(scope="session")
def test_key(tmp_path_factory: pytest.TempPathFactory) -> ThrowawayKey:
    folder = tmp_path_factory.mktemp("test-key")
    key = new_private_key()
    (folder / "private").write_bytes(private_key_bytes(key, None))
    (folder / KEY_FILE).write_text(key_file_text(public_key_of(key)), encoding="utf-8")
    return ThrowawayKey(folder / "private", folder / KEY_FILE, public_key_of(key))


def _bundle_process(project: Path, out: Path, jobs: int, key: ThrowawayKey) -> subprocess.Popen[str]:
    """``campaign-site bundle`` of ``project`` (publishing ``key``) in a process of its own, signed."""
    shutil.copy(key.published, project / "docs" / KEY_FILE)
    return subprocess.Popen(
        [sys.executable, "-m", "campaign_site.cli", "bundle", "-q", "-j", str(jobs),
         "-f", str(project / "mkdocs.yml"), "--out", str(out), "--sign-key", str(key.private)],
        env={**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _finish(process: subprocess.Popen[str], out: Path) -> Path:
    stdout, stderr = process.communicate(timeout=900)
    assert process.returncode == 0, stdout + stderr
    return out


@dataclass
class Bundles:
    """Two bundles of the same sources, started together (one process, and one per
    language), so both use the same code even while the package is being edited."""

    first: Path
    _second: subprocess.Popen[str]
    _second_path: Path

    def second(self) -> Path:
        """Wait for the second bundle."""
        return _finish(self._second, self._second_path)


@pytest.fixture(scope="session")
def bundles(tmp_path_factory: pytest.TempPathFactory, test_key: ThrowawayKey) -> Iterator[Bundles]:
    """One bundle per session, and its reproducibility twin built alongside."""
    base = tmp_path_factory.mktemp("bundles")
    first, second = base / "first.zip", base / "second.zip"
    processes = [_bundle_process(set_public_url(copy_project(base / "project-a")), first, 1, test_key),
                 _bundle_process(set_public_url(copy_project(base / "project-b")), second, 2, test_key)]
    try:
        yield Bundles(_finish(processes[0], first), processes[1], second)
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.communicate()


@pytest.fixture(scope="session")
def unpacked(bundles: Bundles, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first bundle unzipped; returns its top folder."""
    target = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(bundles.first) as archive:
        archive.extractall(target)
    return target / TOP_FOLDER


def verify(path: Path, capsys: pytest.CaptureFixture[str], key: Path | str | None = None,
           *options: str) -> tuple[int, str]:
    """Run ``campaign-site verify PATH --key KEY`` in-process; exit code and all output."""
    args = build_parser().parse_args(["verify", str(path), *(["--key", str(key)] if key else []), *options])
    code = args.run(args)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


# --- layout -----------------------------------------------------------------


def test_zip_has_one_top_folder_with_the_expected_files(bundles: Bundles) -> None:
    with zipfile.ZipFile(bundles.first) as archive:
        names = archive.namelist()
    assert {name.split("/")[0] for name in names} == {TOP_FOLDER}
    for required in ("MO-TRANG-NAY.html", "HUONG-DAN.txt", "SHA256SUMS", "SHA256SUMS.sig", "site/index.html",
                     "site/en/index.html", "site/assets/fonts/noto-sans-regular.woff2"):
        assert TOP + required in names
    assert [name for name in names if name.endswith(".map")] == []
    assert [name for name in names if "assets/javascripts/lunr" in name
            or "assets/javascripts/workers" in name] == []
    assert names == sorted(names)


def test_zip_entries_have_fixed_times_and_permissions(bundles: Bundles) -> None:
    with zipfile.ZipFile(bundles.first) as archive:
        infos = archive.infolist()
    assert {info.date_time for info in infos} == {zip_date_time(EPOCH)}
    modes = {info.filename: info.external_attr >> 16 for info in infos}
    assert {mode for name, mode in modes.items() if name.endswith("/")} == {DIR_MODE}
    assert {mode for name, mode in modes.items() if not name.endswith("/")} == {FILE_MODE}
    for info in infos:
        if not info.is_dir():
            compressed_already = info.filename.lower().endswith(STORED_SUFFIXES)
            assert info.compress_type == (zipfile.ZIP_STORED if compressed_already else zipfile.ZIP_DEFLATED)


def test_sha256sums_lists_every_other_file_sorted(bundles: Bundles) -> None:
    with zipfile.ZipFile(bundles.first) as archive:
        files = [n[len(TOP):] for n in archive.namelist() if not n.endswith("/")]
        text = archive.read(TOP + "SHA256SUMS").decode()
        sums = parse_sums(text)
        assert sums["site/index.html"] == hashlib.sha256(archive.read(TOP + "site/index.html")).hexdigest()
    assert sorted(sums) == sorted(set(files) - {"SHA256SUMS", "SHA256SUMS.sig"})
    paths = [line.split("  ", 1)[1] for line in text.splitlines()]
    assert paths == sorted(paths)


def test_opening_page_and_guide(unpacked: Path) -> None:
    page = (unpacked / "MO-TRANG-NAY.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh" content="0; url=site/index.html"' in page
    assert 'href="site/index.html"' in page and "<script" not in page
    assert "Mở trang web" in page and "Open the website" in page
    guide = (unpacked / "HUONG-DAN.txt").read_text(encoding="utf-8-sig")
    for phrase in ("MO-TRANG-NAY.html", "campaign-site verify", "sha256sum -c SHA256SUMS",
                   "Thoát nhanh", "Quick exit", "không có mạng", "No internet needed",
                   build_date().isoformat()):
        assert phrase in guide


def test_published_files_are_normalised(unpacked: Path) -> None:
    site = unpacked / "site"
    scripts = [*site.rglob("*.js"), *site.rglob("*.css")]
    assert [p for p in scripts if b"sourceMappingURL" in p.read_bytes()] == []
    # (the sitemap, written only with a real public address, is checked in test_search_engines)
    assert not (site / "sitemap.xml").exists() and not (site / "robots.txt").exists()
    assert not list(site.rglob("404.html")), "only a web server shows the 404 pages"


def test_default_name_uses_the_build_date() -> None:
    path = default_bundle_path(Path("/project"), dt.date(2025, 11, 26))
    assert path == Path("/project/dist/binh-dang-gioi-dak-lak-20251126.zip")


# --- verify -----------------------------------------------------------------


def test_verify_accepts_the_zip_and_unpacked_copies(
        bundles: Bundles, unpacked: Path, test_key: ThrowawayKey, capsys: pytest.CaptureFixture[str]) -> None:
    files = len(parse_sums((unpacked / "SHA256SUMS").read_text(encoding="utf-8")))
    for path in (bundles.first, unpacked, unpacked.parent):
        code, output = verify(path, capsys, test_key.published)
        assert code == 0, output
        assert f"OK: {files} files" in output
        assert f"SIGNATURE OK / CHỮ KÝ HỢP LỆ: {test_key.public.fingerprint}" in output
        assert "This proves: " in output and "It does NOT prove: " in output


def _change_byte(top: Path) -> str:
    path = top / "site" / "index.html"
    data = bytearray(path.read_bytes())
    data[200] ^= 0x01
    path.write_bytes(bytes(data))
    return "CHANGED / ĐÃ BỊ SỬA: site/index.html"


def _delete(top: Path) -> str:
    (top / "site" / "assets" / "stylesheets" / "campaign-site.css").unlink()
    return "MISSING / THIẾU: site/assets/stylesheets/campaign-site.css"


def _add(top: Path) -> str:
    (top / "site" / "tai-lieu" / "them.html").write_text("<p>thêm</p>", encoding="utf-8")
    return "EXTRA / THỪA: site/tai-lieu/them.html"


@pytest.mark.parametrize("tamper", [_change_byte, _delete, _add], ids=["changed", "deleted", "added"])
def test_verify_reports_tampering(tamper: Callable[[Path], str], unpacked: Path, tmp_path: Path,
                                  test_key: ThrowawayKey, capsys: pytest.CaptureFixture[str]) -> None:
    copy = shutil.copytree(unpacked, tmp_path / TOP_FOLDER)
    expected = tamper(copy)
    code, output = verify(tmp_path, capsys, test_key.published)
    assert code == 1
    assert expected in output.splitlines()
    assert "OK:" not in output


def test_verify_reports_tampering_inside_the_zip(
        bundles: Bundles, tmp_path: Path, test_key: ThrowawayKey, capsys: pytest.CaptureFixture[str]) -> None:
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(bundles.first) as source, zipfile.ZipFile(tampered, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == TOP + "HUONG-DAN.txt":
                data = data.replace(b"sha256sum", b"sha256sun")
            if info.filename != TOP + "site/tab-moi.html":
                target.writestr(info, data)
        target.writestr(TOP + "site/extra.js", b"alert(1)")
    code, output = verify(tampered, capsys, test_key.published)
    assert code == 1
    lines = output.splitlines()
    for line in ("CHANGED / ĐÃ BỊ SỬA: HUONG-DAN.txt", "MISSING / THIẾU: site/tab-moi.html",
                 "EXTRA / THỪA: site/extra.js"):
        assert line in lines


def test_verify_rejects_a_folder_without_sums(tmp_path: Path, test_key: ThrowawayKey,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, output = verify(tmp_path, capsys, test_key.published)
    assert code == 1 and "SHA256SUMS" in output


# --- signature -------------------------------------------------------------------

HOTLINE = "1900 969 680"  # a hotline on the home page (content/services/ngoi-nha-binh-yen.yaml)
FAKE = "1900 969 681"


def _rewrite_hotline(top: Path) -> None:
    """What a forger does: change a hotline, then rewrite SHA256SUMS to match."""
    page = top / "site" / "index.html"
    text = page.read_text(encoding="utf-8")
    assert HOTLINE in text
    page.write_text(text.replace(HOTLINE, FAKE), encoding="utf-8")
    sums = top / "SHA256SUMS"
    lines = [line if not line.endswith("  site/index.html")
             else f"{hashlib.sha256(page.read_bytes()).hexdigest()}  site/index.html"
             for line in sums.read_text(encoding="utf-8").splitlines()]
    sums.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_copy_whose_sums_were_rewritten_fails(unpacked: Path, tmp_path: Path, test_key: ThrowawayKey,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    copy = Path(shutil.copytree(unpacked, tmp_path / TOP_FOLDER))
    _rewrite_hotline(copy)
    code, output = verify(copy, capsys, test_key.published)
    assert code == 1
    assert "SIGNATURE NOT VALID / CHỮ KÝ KHÔNG HỢP LỆ: the signature does not match" in output
    assert "OK:" not in output
    # the files alone agree with the rewritten list: that is why the signature is needed
    code, output = verify(copy, capsys, None, "--no-signature")
    assert code == 0 and "Files only, no signature" in output
    # and OpenSSH says the same, with the guide's own command
    done = subprocess.run(["ssh-keygen", "-Y", "verify", "-f", str(test_key.published), "-I", "binh-dang-gioi-dak-lak",
                           "-n", "file", "-s", "SHA256SUMS.sig"], stdin=(copy / "SHA256SUMS").open("rb"),
                          capture_output=True, text=True)
    assert done.returncode != 0


def test_a_copy_without_signature_or_with_another_key_fails(
        unpacked: Path, tmp_path: Path, test_key: ThrowawayKey, capsys: pytest.CaptureFixture[str]) -> None:
    copy = Path(shutil.copytree(unpacked, tmp_path / TOP_FOLDER))
    other = public_key_of(new_private_key())
    code, output = verify(copy, capsys, other.openssh)
    assert code == 1 and "signed with a key that is not the published one" in output
    (copy / "SHA256SUMS.sig").unlink()
    code, output = verify(copy, capsys, test_key.published)
    assert code == 1 and "no SHA256SUMS.sig: the copy is not signed" in output and "OK:" not in output


def test_verify_needs_a_key_unless_told_files_only(unpacked: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)  # no mkdocs.yml here: no project key to fall back on
    code, output = verify(unpacked, capsys)
    assert code == 2 and "--key" in output


@pytest.mark.parametrize("name", ["site/index.html", "site/INDEX.html", "site/tai-lieu/../index.html", "/etc/x"])
def test_doubled_or_unsafe_zip_entries_fail(name: str, bundles: Bundles, tmp_path: Path, test_key: ThrowawayKey,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    import warnings

    tampered = tmp_path / "doubled.zip"
    with zipfile.ZipFile(bundles.first) as source, zipfile.ZipFile(tampered, "w") as target:
        forged = source.read(TOP + "site/index.html").replace(HOTLINE.encode(), FAKE.encode())
        for info in source.infolist():
            target.writestr(info, source.read(info))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns about the duplicate name: that is the point
            target.writestr(name if name.startswith("/") else TOP + name, forged)
    code, output = verify(tampered, capsys, test_key.published)
    assert code == 1, output
    label = "UNSAFE NAME / TÊN KHÔNG AN TOÀN" if ".." in name or name.startswith("/") else "DUPLICATE NAME / TRÙNG TÊN"
    assert any(line.startswith(f"{label}: ") for line in output.splitlines()), output


def test_guide_prints_the_key_and_its_commands_work(unpacked: Path, tmp_path: Path, test_key: ThrowawayKey) -> None:
    guide = (unpacked / "HUONG-DAN.txt").read_text(encoding="utf-8-sig")
    assert test_key.public.allowed_signer() in guide and test_key.public.fingerprint in guide
    assert "Get-FileHash -Algorithm SHA256" in guide and "ssh -V" in guide
    assert "Điều này chứng minh" not in guide  # the guide words it its own way:
    assert "Kiểm tra chứng minh được gì" in guide and "What the check proves" in guide
    assert (unpacked / "site" / KEY_FILE).read_text(encoding="utf-8") == test_key.published.read_text(encoding="utf-8")
    # the Linux commands, exactly as printed, with the key file beside the copy's folder
    copy = Path(shutil.copytree(unpacked, tmp_path / TOP_FOLDER))
    shutil.copy(test_key.published, tmp_path / KEY_FILE)
    for line in guide.splitlines():
        command = line.strip()
        if command.startswith(("ssh-keygen -Y verify", "sha256sum -c")):
            done = subprocess.run(command, shell=True, cwd=copy, capture_output=True, text=True)
            assert done.returncode == 0, (command, done.stdout, done.stderr)
            if command.startswith("ssh-keygen"):
                assert done.stdout.startswith('Good "file" signature for binh-dang-gioi-dak-lak'), done.stdout


def test_the_private_key_is_not_in_the_bundle(bundles: Bundles, test_key: ThrowawayKey) -> None:
    private = test_key.private.read_bytes()
    secret = private.split(b"-----")[2].strip()
    with zipfile.ZipFile(bundles.first) as archive:
        for info in archive.infolist():
            data = archive.read(info)
            assert b"PRIVATE KEY" not in data and secret[:40] not in data, info.filename


# --- reproducibility ----------------------------------------------------------


def test_two_bundles_of_the_same_commit_are_byte_identical(bundles: Bundles) -> None:
    second = bundles.second()
    digests = [hashlib.sha256(path.read_bytes()).hexdigest() for path in (bundles.first, second)]
    assert digests[0] == digests[1]


def test_source_epoch_order(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert source_epoch(tmp_path) == SourceEpoch(1700000000, "SOURCE_DATE_EPOCH")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    fallback = source_epoch(tmp_path)
    assert fallback == SourceEpoch(ZIP_EPOCH, "fallback") and not fallback.fixes_build_date
    assert zip_date_time(0) == (1980, 1, 1, 0, 0, 0)


# --- selection and sizes ----------------------------------------------------------


def test_search_files_are_kept_out_only_while_unused(tmp_path: Path) -> None:
    workers = tmp_path / "assets" / "javascripts" / "workers"
    workers.mkdir(parents=True)
    (workers / "search.js").write_text("importScripts('../lunr/min/lunr.vi.min.js')")
    (tmp_path / "app.js.map").write_text("{}")
    config = ('<script id="__config" type="application/json">'
              '{"search": "assets/javascripts/workers/search.js"}</script>')
    (tmp_path / "index.html").write_text(f"<html>{config}</html>")
    assert published_files(tmp_path) == ["index.html"]
    (tmp_path / "index.html").write_text(f'<html><div data-md-component="search"></div>{config}</html>')
    with pytest.raises(UnusedFileReferenced, match="index.html"):
        published_files(tmp_path)


def test_size_groups() -> None:
    languages, default = ("vi", "en", "rad"), "vi"
    assert site_group("index.html", languages, default) == "vi"
    assert site_group("tai-lieu/nhom/de-doc.html", languages, default) == "vi"
    assert site_group("en/index.html", languages, default) == "en"
    assert site_group("search/index.rad.js", languages, default) == "rad"
    assert site_group("assets/fonts/noto-sans-regular.woff2", languages, default) == SHARED
    assert site_group("media/poster.svg", languages, default) == SHARED


# --- the unpacked copy in Chromium, offline -----------------------------------------

PAGE_STATE = """async () => {
  await document.fonts.ready;
  const header = document.querySelector('.md-header');
  return {
    lang: document.documentElement.lang,
    header: header ? getComputedStyle(header).position : null,
    fontCheck: document.fonts.check('16px "Noto Sans"'),
    fontLoaded: [...document.fonts].some(
      (face) => face.family.replace(/"/g, '') === 'Noto Sans' && face.status === 'loaded'),
  };
}"""


@pytest.mark.browser
def test_unpacked_bundle_opens_offline_in_chromium(unpacked: Path, browser) -> None:
    site = unpacked / "site"
    pages = sorted(site.rglob("*.html"))
    themed = {p for p in pages if 'class="md-header' in p.read_text(encoding="utf-8")}
    assert len(pages) > 200 and len(themed) > 200
    context = browser.new_context()
    context.set_offline(True)
    requests: list[str] = []
    failed: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    context.on("requestfailed", lambda request: failed.append(f"{request.url} ({request.failure})"))
    page = context.new_page()
    problems: list[str] = []
    try:
        page.goto((unpacked / "MO-TRANG-NAY.html").as_uri(), wait_until="load")
        page.wait_for_url("**/site/index.html", wait_until="load")
        assert page.url == (site / "index.html").as_uri()
        assert page.evaluate(PAGE_STATE)["lang"] == "vi"
        for path in pages:
            page.goto(path.as_uri(), wait_until="load")
            if path not in themed:
                continue
            state = page.evaluate(PAGE_STATE)
            if state["header"] != "sticky" or not (state["fontCheck"] and state["fontLoaded"]):
                problems.append(f"{path.relative_to(site)}: {state}")
    finally:
        context.close()
    assert problems == []
    assert requests, "the request log saw nothing: the listener is broken"
    assert [url for url in requests if not url.startswith(("file://", "data:", "blob:"))] == []
    # a favicon still loading when the next page opens is aborted: not a missing file
    assert [failure for failure in failed if "net::ERR_ABORTED" not in failure] == []


@pytest.mark.browser
@pytest.mark.parametrize("language", ["", "en/"], ids=["vi", "en"])
def test_resource_downloads_open_inside_the_bundle(unpacked: Path, browser, language: str) -> None:
    site = unpacked / "site"
    resource = next(p for p in sorted((site / language / "tai-lieu").glob("*.html"))
                    if "campaign-download" in p.read_text(encoding="utf-8"))
    context = browser.new_context()
    context.set_offline(True)
    page = context.new_page()
    try:
        page.goto(resource.as_uri(), wait_until="load")
        hrefs = page.eval_on_selector_all("a.campaign-download", "links => links.map(a => a.href)")
    finally:
        context.close()
    assert hrefs
    for href in hrefs:
        url = urlparse(href)
        assert url.scheme == "file", href
        target = Path(unquote(url.path)).resolve()
        assert target.is_file(), href
        assert target.is_relative_to(site.resolve()), href
