"""The two files a person sees first in the bundle: the opening page and the guide."""

from __future__ import annotations

import datetime as dt

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


def guide_text(top_folder: str, day: dt.date, site_folder: str = SITE_FOLDER) -> bytes:
    """Plain-text guide in Vietnamese and English (UTF-8 with BOM and CRLF, for Notepad)."""
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

KIỂM TRA BẢN SAO
Tệp SHA256SUMS ghi mã kiểm tra của mọi tệp khác trong thư mục này.
Để biết bản sao đầy đủ và không bị sửa đổi:
- bằng công cụ của dự án:   campaign-site verify <tệp .zip hoặc thư mục>
- trên Linux, trong thư mục "{top_folder}":   sha256sum -c SHA256SUMS


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

CHECKING THE COPY
The SHA256SUMS file holds a checksum of every other file in this folder.
To make sure the copy is complete and unchanged:
- with the project's tool:   campaign-site verify <.zip file or folder>
- on Linux, in the "{top_folder}" folder:   sha256sum -c SHA256SUMS
"""
    return "\ufeff".encode("utf-8") + text.replace("\n", "\r\n").encode("utf-8")
