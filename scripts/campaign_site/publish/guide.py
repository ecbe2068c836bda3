"""The two files a person sees first in the bundle: the opening page and the guide."""

from __future__ import annotations

import datetime as dt

from .signing import IDENTITY, KEY_FILE, NAMESPACE, PublicKey

OPEN_PAGE = "MO-TRANG-NAY.html"
GUIDE = "HUONG-DAN.txt"
SITE_FOLDER = "site"


def open_page(site_folder: str = SITE_FOLDER) -> bytes:
    """A tiny page that forwards to the home page (meta refresh plus a link; no script)."""
    target = f"{site_folder}/index.html"
    return f"""<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="refresh" content="0; url={target}">
<title>Mở trang web / Open the website</title>
</head>
<body>
<p><a href="{target}">Mở trang web</a> / <a href="{target}" lang="en">Open the website</a></p>
</body>
</html>
""".encode("utf-8")


def _checking_vi(top: str, key: PublicKey | None, key_url: str) -> str:
    windows_sums = ("Get-Content -Encoding UTF8 SHA256SUMS | ForEach-Object { $h, $f = $_ -split '  ', 2; "
                    "if ((Get-FileHash -Algorithm SHA256 -LiteralPath $f).Hash -ne $h) { \"SAI: $f\" } }")
    if key is None:
        return f"""KIỂM TRA BẢN SAO
BẢN SAO NÀY CHƯA ĐƯỢC KÝ. Tệp SHA256SUMS ghi mã kiểm tra (SHA-256) của mọi tệp khác.
So với tệp này chỉ phát hiện được tệp bị hỏng hoặc bị thiếu khi sao chép. Nó KHÔNG phát hiện
được người cố ý sửa bản sao, vì người đó có thể viết lại cả tệp SHA256SUMS.
- bằng công cụ của dự án:   campaign-site verify --no-signature <tệp .zip hoặc thư mục>
- trên Linux, trong thư mục "{top}":   sha256sum -c SHA256SUMS
- trên Windows, mở PowerShell trong thư mục "{top}" rồi chạy:
    {windows_sums}
  Không có dòng "SAI" nào (và không có báo lỗi màu đỏ) là các tệp khớp.
"""
    return f"""KIỂM TRA BẢN SAO
Bản sao này được ký điện tử. Tệp SHA256SUMS ghi mã kiểm tra (SHA-256) của mọi tệp khác;
tệp SHA256SUMS.sig là chữ ký của tệp SHA256SUMS, làm bằng khoá bí mật chỉ Sở giữ.
Khoá công khai để kiểm tra chữ ký (dấu vân tay {key.fingerprint}):
  {key.allowed_signer()}
Chỉ tin khoá lấy từ trang web của Sở: {key_url}
Bản sao giả có thể in một khoá giả ở đây, nên hãy so hai khoá với nhau.

Kiểm tra chứng minh được gì: nếu chữ ký hợp lệ với khoá của Sở và mọi tệp khớp với SHA256SUMS,
bản sao giống hệt từng byte với bản Sở đã ký: không ai sửa số điện thoại hay trang nào.
Kiểm tra không chứng minh thông tin là mới nhất: xem ngày tạo ở trên.

Cách kiểm tra: tải tệp khoa-ky-ban-sao.txt từ trang web của Sở (địa chỉ ở trên, không lấy từ
bản sao) và đặt vào thư mục chứa thư mục "{top}" (bên cạnh, không phải bên trong), rồi:
- bằng công cụ của dự án:
    campaign-site verify <tệp .zip hoặc thư mục> --key <tệp khoa-ky-ban-sao.txt>
- trên Linux, trong thư mục "{top}":
    ssh-keygen -Y verify -f ../khoa-ky-ban-sao.txt -I {IDENTITY} -n {NAMESPACE} -s SHA256SUMS.sig < SHA256SUMS
    sha256sum -c SHA256SUMS
- trên Windows 10 hoặc 11, mở PowerShell trong thư mục "{top}":
  1) chữ ký (cần OpenSSH 8.1 trở lên; xem phiên bản bằng lệnh ssh -V):
    cmd /c "ssh-keygen -Y verify -f ..\\khoa-ky-ban-sao.txt -I {IDENTITY} -n {NAMESPACE} -s SHA256SUMS.sig < SHA256SUMS"
    Kết quả đúng bắt đầu bằng: Good "{NAMESPACE}" signature for {IDENTITY}
  2) mã kiểm tra của từng tệp:
    {windows_sums}
    Không có dòng "SAI" nào (và không có báo lỗi màu đỏ) là các tệp khớp. Cách này không phát
    hiện tệp bị thêm vào bản sao; campaign-site verify thì phát hiện được.
  Các bước trên Windows viết theo tài liệu của Microsoft và của OpenSSH; dự án chưa chạy thử trên Windows.
"""


def _checking_en(top: str, key: PublicKey | None, key_url: str) -> str:
    windows_sums = ("Get-Content -Encoding UTF8 SHA256SUMS | ForEach-Object { $h, $f = $_ -split '  ', 2; "
                    "if ((Get-FileHash -Algorithm SHA256 -LiteralPath $f).Hash -ne $h) { \"WRONG: $f\" } }")
    if key is None:
        return f"""CHECKING THE COPY
THIS COPY IS NOT SIGNED. The SHA256SUMS file holds a checksum (SHA-256) of every other file.
Comparing with it only finds files damaged or lost while copying. It does NOT find deliberate
changes: whoever changes the copy can rewrite SHA256SUMS too.
- with the project's tool:   campaign-site verify --no-signature <.zip file or folder>
- on Linux, in the "{top}" folder:   sha256sum -c SHA256SUMS
- on Windows, open PowerShell in the "{top}" folder and run:
    {windows_sums}
  No "WRONG" line (and no red error) means the files match.
"""
    return f"""CHECKING THE COPY
This copy is digitally signed. The SHA256SUMS file holds a checksum (SHA-256) of every other file;
SHA256SUMS.sig is a signature of SHA256SUMS, made with a private key only the department holds.
Public key that checks the signature (fingerprint {key.fingerprint}):
  {key.allowed_signer()}
Trust only the key from the department's web site: {key_url}
A forged copy can print a forged key here, so compare the two.

What the check proves: if the signature is valid for the department's key and every file matches
SHA256SUMS, the copy is byte for byte what the department signed: no phone number, no page changed.
It does not prove the information is the latest: see the date above.

How to check: download khoa-ky-ban-sao.txt from the department's web site (address above, not from
the copy) into the folder that holds the "{top}" folder (beside it, not inside), then:
- with the project's tool:
    campaign-site verify <.zip file or folder> --key <khoa-ky-ban-sao.txt file>
- on Linux, in the "{top}" folder:
    ssh-keygen -Y verify -f ../khoa-ky-ban-sao.txt -I {IDENTITY} -n {NAMESPACE} -s SHA256SUMS.sig < SHA256SUMS
    sha256sum -c SHA256SUMS
- on Windows 10 or 11, open PowerShell in the "{top}" folder:
  1) the signature (needs OpenSSH 8.1 or later; see the version with: ssh -V):
    cmd /c "ssh-keygen -Y verify -f ..\\khoa-ky-ban-sao.txt -I {IDENTITY} -n {NAMESPACE} -s SHA256SUMS.sig < SHA256SUMS"
    A good result starts with: Good "{NAMESPACE}" signature for {IDENTITY}
  2) the checksum of every file:
    {windows_sums}
    No "WRONG" line (and no red error) means the files match. This does not find files added
    to the copy; campaign-site verify does.
  The Windows steps follow Microsoft's and OpenSSH's documentation; the project has not run them on Windows.
"""


def guide_text(top_folder: str, day: dt.date, key: PublicKey | None = None, key_url: str = KEY_FILE,
               site_folder: str = SITE_FOLDER) -> bytes:
    """Plain-text guide in Vietnamese and English (UTF-8 with BOM and CRLF, for Notepad).

    ``key`` is the public key the copy is signed with (None: unsigned, and the
    guide says so); ``key_url`` where the department publishes it.
    """
    text = f"""BÌNH ĐẲNG GIỚI ĐẮK LẮK — BẢN SAO TRANG WEB, XEM ĐƯỢC KHI KHÔNG CÓ MẠNG
(English below)
Ngày tạo: {day.isoformat()}

CÁCH MỞ
1. Nếu bản sao đang ở dạng tệp .zip, hãy giải nén trước
   (nhấp chuột phải vào tệp .zip → "Giải nén tất cả…" / "Extract All…").
2. Trong thư mục "{top_folder}", nhấp đúp vào tệp {OPEN_PAGE}.
   Trang web mở trong trình duyệt (Chrome, Cốc Cốc, Edge, Firefox…).
3. Không cần Internet: mọi trang, phông chữ, ô tìm kiếm và tài liệu tải về
   đều nằm trong thư mục "{site_folder}".

NÚT THOÁT NHANH
Nút "Thoát nhanh" (hoặc nhấn phím Shift 3 lần) vẫn hoạt động khi không có mạng:
trang web được thay ngay bằng một trang trắng.
Trình duyệt vẫn ghi lại các trang đã xem; xem trang "Truy cập an toàn"
({site_folder}/truy-cap-an-toan.html) để biết cách xóa hoặc dùng cửa sổ ẩn danh.

{_checking_vi(top_folder, key, key_url)}

GENDER EQUALITY ĐẮK LẮK — OFFLINE COPY OF THE WEBSITE
Made on: {day.isoformat()}

HOW TO OPEN
1. If the copy is a .zip file, unpack it first
   (right-click the .zip file → "Extract All…").
2. In the "{top_folder}" folder, double-click {OPEN_PAGE}.
   The website opens in your web browser (Chrome, Cốc Cốc, Edge, Firefox…).
3. No internet needed: all pages, fonts, the search box and the downloadable
   documents are inside the "{site_folder}" folder.

QUICK EXIT
The "Quick exit" button (or pressing Shift 3 times) works offline too:
the page is replaced at once by a blank page.
The browser still records the pages you viewed; the "Browsing safely" page
({site_folder}/en/truy-cap-an-toan.html) explains how to clear them or use a private window.

{_checking_en(top_folder, key, key_url)}"""
    return "\ufeff".encode("utf-8") + text.replace("\n", "\r\n").encode("utf-8")
