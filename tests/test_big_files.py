"""Big media is streamed: bundling and verifying a 1 GiB file takes little memory."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

GIB = 1 << 30
MEMORY_LIMIT_KIB = 256 * 1024  # Python, MkDocs and our modules take well under half of this

BUNDLE_AND_VERIFY = """
import datetime as dt, sys
from pathlib import Path
from campaign_site.publish.bundle import write_bundle
from campaign_site.publish.checksums import verify_path
from campaign_site.publish.epoch import SourceEpoch
from campaign_site.publish.sitebuild import PublishedSite

site, out = Path(sys.argv[1]), Path(sys.argv[2])
write_bundle(PublishedSite(site, dt.date(2025, 11, 26), ("vi",), "vi", 0.0), out, SourceEpoch(1764160496, "test"))
result = verify_path(out)
assert result.ok and result.checked >= 4, result
# this process's own peak (VmHWM, KiB): getrusage's ru_maxrss keeps the peak of the
# process that started it (Linux carries it across exec), e.g. a large pytest worker
print(next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM:")))
"""


def sparse(path: Path, size: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.truncate(size)  # no disk space until read: zeros


def test_a_1_gib_video_is_bundled_and_verified_in_bounded_memory(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html><title>x</title>", encoding="utf-8")
    (site / "assets" / "site.css").write_text("body{}", encoding="utf-8")
    sparse(site / "media" / "video.mp4", GIB)       # stored in the zip
    sparse(site / "media" / "report.pdf", 64 << 20)  # deflated in the zip
    out = tmp_path / "bundle.zip"
    try:
        done = subprocess.run([sys.executable, "-c", BUNDLE_AND_VERIFY, str(site), str(out)],
                              capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, done.stderr[-3000:]
        peak_kib = int(done.stdout.split()[-1])
        assert peak_kib < MEMORY_LIMIT_KIB, f"peak memory {peak_kib // 1024} MiB while bundling 1 GiB"
        with zipfile.ZipFile(out) as archive:
            video = archive.getinfo("binh-dang-gioi-dak-lak/site/media/video.mp4")
            pdf = archive.getinfo("binh-dang-gioi-dak-lak/site/media/report.pdf")
        assert video.file_size == GIB and video.compress_type == zipfile.ZIP_STORED
        assert pdf.file_size == 64 << 20 and pdf.compress_type == zipfile.ZIP_DEFLATED
    finally:
        out.unlink(missing_ok=True)  # 1 GiB: not kept among pytest's last temporary folders
