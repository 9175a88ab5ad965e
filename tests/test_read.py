"""Tests for the read-and-decode stage: every input is built here, byte by byte."""
from __future__ import annotations

import base64
import gzip
import hashlib
import io
import quopri
import random
import sys
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

import pytest

import newsparse.read
from newsparse.model import NewsparseError
from newsparse.read import (
    MAX_INPUT_BYTES,
    InflatedTooLarge,
    InputTooLarge,
    Page,
    describe_size,
    load_page,
    read_input,
)

RUSSIAN = (
    "Москва — столица России, крупнейший по численности населения город страны. "
    "Город расположен на реке Москве в центре Восточно-Европейской равнины. "
    "В городе работают театры, музеи и библиотеки; здесь находятся органы власти."
)
POLISH = "Zażółć gęślą jaźń. Ziemniaki na szóstej, surówka na dziesiątej. Jak pomagać, żeby nie zaszkodzić?"


def page_bytes(body: str, *, head: str = "", encoding: str = "utf-8") -> bytes:
    return f"<!DOCTYPE html><html><head>{head}<title>t</title></head><body><p>{body}</p></body></html>".encode(encoding)


def decode(data: bytes) -> tuple[str, str | None]:
    page = load_page(data)
    return page.html, page.source.encoding


# ---------------------------------------------------------------- read_input


def test_read_input_reads_a_file(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(b"<p>hi</p>")
    assert read_input(str(path)) == b"<p>hi</p>"


def test_read_input_dash_reads_the_given_stdin():
    assert read_input("-", stdin=io.BytesIO(b"<p>from stdin</p>")) == b"<p>from stdin</p>"


def test_read_input_dash_defaults_to_sys_stdin_buffer(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"<p>piped</p>")))
    assert read_input("-") == b"<p>piped</p>"


def test_read_input_missing_file(tmp_path):
    missing = tmp_path / "nope.html"
    with pytest.raises(NewsparseError, match=r"^no such file$"):
        read_input(str(missing))


def test_read_input_directory(tmp_path):
    with pytest.raises(NewsparseError, match=r"^is a directory, not a file$"):
        read_input(str(tmp_path))


def test_read_input_permission_denied(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    # chmod does not stop root, who runs these tests in containers; fail the open itself.
    monkeypatch.setattr(newsparse.read, "open", refuse, raising=False)
    with pytest.raises(NewsparseError, match=r"^permission denied$"):
        read_input(str(tmp_path / "secret.html"))


def test_read_input_refuses_a_file_over_the_limit(tmp_path):
    path = tmp_path / "big.html"
    path.write_bytes(b"x" * 101)
    assert read_input(str(path), max_bytes=101) == b"x" * 101
    with pytest.raises(NewsparseError, match=r"larger than the 100 bytes input limit"):
        read_input(str(path), max_bytes=100)


class EndlessStream(io.RawIOBase):
    """Stands in for /dev/zero or a runaway pipe, counting what was taken from it."""

    def __init__(self) -> None:
        self.taken = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        size = 7 if size is None or size < 0 else min(size, 7)  # short reads, like a pipe
        self.taken += size
        return b"a" * size


def test_read_input_never_reads_more_than_one_byte_past_the_limit():
    stream = EndlessStream()
    with pytest.raises(NewsparseError, match=r"^larger than the 1000 bytes input limit$"):
        read_input("-", stdin=stream, max_bytes=1000)
    assert stream.taken == 1001


def test_default_input_limit_is_50_mib():
    assert MAX_INPUT_BYTES == 50 * 1024 * 1024


def test_read_input_broken_symlink_says_so(tmp_path):
    link = tmp_path / "gone.html"
    link.symlink_to(tmp_path / "nowhere.html")
    with pytest.raises(NewsparseError, match=r"^broken symbolic link \(to '.*nowhere\.html'\)$"):
        read_input(str(link))


def test_read_input_stops_dev_zero_at_the_limit():
    with pytest.raises(InputTooLarge, match=r"^larger than the 64 KiB input limit$"):
        read_input("/dev/zero", max_bytes=64 * 1024)


@pytest.mark.parametrize("size, text", [
    (700, "700 bytes"), (1024, "1 KiB"), (50 * 1024 * 1024, "50 MiB"), (3 * 1024**3 // 2, "1.5 GiB"),
])
def test_sizes_are_described_as_people_write_them(size, text):
    assert describe_size(size) == text


# ---------------------------------------------------------------- load_page: containers


def test_plain_page_and_its_source():
    data = page_bytes("café")
    page = load_page(data, path="saved/page.html")
    assert isinstance(page, Page)
    assert "<p>café</p>" in page.html
    source = page.source
    assert source.path == "saved/page.html"
    assert source.sha256 == hashlib.sha256(data).hexdigest()
    assert source.bytes == len(data)
    assert source.encoding == "utf-8"
    assert source.format == "html"
    assert source.saved_from_url is None and source.saved_at is None


def test_gzip_is_recognised_by_magic_bytes_and_hashed_as_read():
    plain = page_bytes("naïve")
    data = gzip.compress(plain)
    page = load_page(data, path="page.html")  # the name does not say gzip
    assert "<p>naïve</p>" in page.html
    assert page.source.sha256 == hashlib.sha256(data).hexdigest()
    assert page.source.bytes == len(data)


def test_gzip_with_several_members_is_read_whole():
    data = gzip.compress(b"<html><body><p>first</p>") + gzip.compress(b"<p>second</p></body></html>")
    assert "<p>first</p><p>second</p>" in load_page(data).html


def test_gzip_bomb_is_stopped_at_the_limit():
    bomb = gzip.compress(b"\0" * 20_000_000, compresslevel=9)
    assert len(bomb) < 100_000
    with pytest.raises(InflatedTooLarge, match=r"inflates to more than 1 MiB.*gzip bomb"):
        load_page(bomb, max_decompressed=1024 * 1024)


def test_truncated_gzip_keeps_what_was_decompressed():
    paragraphs = "".join(f"<p>Paragraph number {i} of a long article.</p>" for i in range(400))
    data = gzip.compress(page_bytes(paragraphs))
    page = load_page(data[: len(data) * 2 // 3])
    assert page.html.startswith("<!DOCTYPE html>")
    assert "Paragraph number 1 of a long article." in page.html
    assert "Paragraph number 399" not in page.html


def test_truncated_gzip_with_almost_nothing_inside_is_an_error():
    data = gzip.compress(page_bytes("short"))
    with pytest.raises(NewsparseError, match=r"^truncated gzip data"):
        load_page(data[:12])


def _tar_of(content: bytes) -> bytes:
    import tarfile

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        info = tarfile.TarInfo("page.html")
        info.size = len(content)
        archive.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def test_empty_input():
    with pytest.raises(NewsparseError, match=r"^empty input$"):
        load_page(b"")


@pytest.mark.parametrize("data", [b" \r\n\t ", gzip.compress(b"")], ids=["whitespace", "empty-gzip"])
def test_input_with_nothing_in_it_is_empty(data):
    with pytest.raises(NewsparseError, match=r"^empty input$"):
        load_page(data)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(64), "a PNG image"),
        (b"\xff\xd8\xff\xe0\0\x10JFIF" + bytes(64), "a JPEG image"),
        (b"GIF89a\x01\0\x01\0" + bytes(64), "a GIF image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"),
        (b"PK\x03\x04\x14\0\0\0\x08\0" + bytes(64), "a ZIP archive"),
        (gzip.compress(b"PK\x03\x04" + bytes(64)), "a ZIP archive"),
        (b"SQLite format 3\x00" + bytes(64), "an SQLite database"),
        (b"II*\x00" + bytes(64), "a TIFF image"),
        (b"ID3\x04\x00" + bytes(64), "an MP3 sound"),
        (b"\x00asm\x01\x00\x00\x00", "a WebAssembly module"),
        (_tar_of(b"<html><body><p>inside a tar</p></body></html>"), "a tar archive"),
    ],
    ids=["png", "jpeg", "gif", "pdf", "zip", "gzipped-zip", "sqlite", "tiff", "mp3", "wasm", "tar"],
)
def test_known_binary_formats_are_refused_by_name(data, kind):
    with pytest.raises(NewsparseError, match=rf"^not an HTML page: looks like {kind}"):
        load_page(data)


def test_other_binary_data_is_refused():
    noise = random.Random(7).randbytes(4096)
    with pytest.raises(NewsparseError, match=r"^not an HTML page: looks like binary data$"):
        load_page(b"\0\0\0\x18" + noise)


def test_plain_text_without_tags_is_refused():
    with pytest.raises(NewsparseError, match=r"^not an HTML page: no tags found"):
        load_page(b"Just some notes, 3 < 4 and 5 > 2.\nNothing else.\n")


def test_stray_control_characters_load_and_are_stripped():
    data = page_bytes("a\0b\x07c\x1dd\x0be\tf\x0cg\r\nh") + b"\0" * 10
    html, _ = decode(data)
    assert "<p>abcde\tf\x0cg\r\nh</p>" in html
    assert "\0" not in html


# ---------------------------------------------------------------- decoding


def test_utf8_bom_is_used_and_removed():
    html, encoding = decode(b"\xef\xbb\xbf" + page_bytes("Grüße", head='<meta charset="iso-8859-1">'))
    assert encoding == "utf-8"
    assert html.startswith("<!DOCTYPE html>")
    assert "Grüße" in html


@pytest.mark.parametrize(("codec", "bom", "name"), [("utf-16-le", b"\xff\xfe", "utf-16le"), ("utf-16-be", b"\xfe\xff", "utf-16be")])
def test_utf16_bom(codec, bom, name):
    html, encoding = decode(bom + page_bytes("日本語 and Ελληνικά", encoding=codec))
    assert encoding == name
    assert html.startswith("<!DOCTYPE html>")
    assert "日本語 and Ελληνικά" in html


def test_utf16_without_bom_is_recognised_by_its_nul_bytes():
    html, encoding = decode(page_bytes("Ünïcödé", encoding="utf-16-le"))
    assert encoding == "utf-16le"
    assert "Ünïcödé" in html


def test_iso_8859_1_label_means_windows_1252():
    data = page_bytes("caf\xe9 co\xfbte 5\x80", head='<meta charset="ISO-8859-1">', encoding="latin-1")
    html, encoding = decode(data)
    assert encoding == "windows-1252"
    assert "café coûte 5€" in html


def test_http_equiv_content_type_declaration():
    head = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
    html, encoding = decode(page_bytes(RUSSIAN, head=head, encoding="cp1251"))
    assert encoding == "windows-1251"
    assert RUSSIAN in html


def test_xml_declaration():
    data = b'<?xml version="1.0" encoding="ISO-8859-2"?>\n' + page_bytes(POLISH, encoding="iso-8859-2")
    html, encoding = decode(data)
    assert encoding == "iso-8859-2"
    assert POLISH in html


def test_bytes_windows_1252_leaves_undefined_decode_to_their_code_point():
    html, encoding = decode(page_bytes("x\x81y", head="<meta charset=windows-1252>", encoding="latin-1"))
    assert encoding == "windows-1252"
    assert "x\x81y" in html


@pytest.mark.parametrize(
    ("label", "text", "codec", "expected"),
    [
        ("gb2312", "中华人民共和国的首都是北京。", "gbk", "gb18030"),
        ("x-gbk", "中华人民共和国的首都是北京。", "gbk", "gb18030"),
        ("Shift_JIS", "日本語のテキストです。①", "cp932", "shift_jis"),
        ("euc-kr", "대한민국의 수도는 서울입니다.", "cp949", "euc-kr"),
        ("tis-620", "ภาษาไทยเป็นภาษาราชการ", "cp874", "windows-874"),
        ("iso-8859-9", "Türkiye'nin başkenti Ankara'dır.", "cp1254", "windows-1254"),
    ],
)
def test_labels_mean_what_browsers_take_them_to_mean(label, text, codec, expected):
    html, encoding = decode(page_bytes(text, head=f'<meta charset="{label}">', encoding=codec))
    assert encoding == expected
    assert text in html


def test_utf16_declared_in_an_ascii_compatible_file_means_utf8():
    html, encoding = decode(page_bytes("señor", head='<meta charset="utf-16">'))
    assert encoding == "utf-8"
    assert "señor" in html


def test_unknown_and_commented_out_labels_are_ignored():
    head = '<!-- <meta charset="koi8-r"> --><meta charset="x-klingon"><meta charset="windows-1250">'
    html, encoding = decode(page_bytes(POLISH, head=head, encoding="cp1250"))
    assert encoding == "windows-1250"
    assert POLISH in html


def test_declared_legacy_encoding_but_really_utf8():
    html, encoding = decode(page_bytes("腾讯网 — 新闻", head='<meta charset="gb2312">'))
    assert encoding == "utf-8"
    assert "腾讯网 — 新闻" in html


def test_declared_utf8_with_a_few_stray_latin1_bytes():
    body = "Grüße aus Köln – ".encode() + b"K\xfcchenblogs, Hosting f\xfcr Profit"
    html, encoding = decode(page_bytes("", head='<meta charset="utf-8">').replace(b"<p></p>", b"<p>" + body + b"</p>"))
    assert encoding == "utf-8"
    assert "Grüße aus Köln – Küchenblogs, Hosting für Profit" in html
    assert "\ufffd" not in html


def test_declared_utf8_but_entirely_windows_1252_is_detected():
    text = "Müller sagt, dass die Straße schön ist. Über Äpfel und Öl lässt sich streiten. " * 4
    html, encoding = decode(page_bytes(text, head='<meta charset="utf-8">', encoding="cp1252"))
    assert encoding == "windows-1252"
    assert text in html


def test_undeclared_utf8():
    html, encoding = decode(page_bytes("Ελληνικά, русский, 中文"))
    assert (encoding, "Ελληνικά, русский, 中文" in html) == ("utf-8", True)


def test_undeclared_windows_1251_russian_comes_out_as_cyrillic():
    html, encoding = decode(page_bytes(RUSSIAN, encoding="cp1251"))
    assert encoding == "windows-1251"
    assert RUSSIAN in html


def test_undeclared_koi8_r_is_not_mistaken_for_windows_1251():
    text = RUSSIAN.replace("—", "-")
    html, encoding = decode(page_bytes(text, encoding="koi8-r"))
    assert encoding == "koi8-r"
    assert text in html


@pytest.mark.parametrize(
    ("text", "codec", "expected"),
    [
        ("Le café de la gare où l'on mange à la française : crème brûlée, pâté. Où êtes-vous ?", "cp1252", "windows-1252"),
        (POLISH, "iso-8859-2", "iso-8859-2"),
        (POLISH, "cp1250", "windows-1250"),
        ("Příliš žlutý kůň úpěl ódy. Čeština je krásný jazyk, řekl Jiří.", "cp1250", "windows-1250"),
        ("日本語のテキストです。東京は日本の首都であり、多くの人々が住んでいます。", "cp932", "shift_jis"),
        ("中华人民共和国是世界上人口最多的国家之一。北京是中国的首都。", "gbk", "gb18030"),
    ],
    ids=["french", "polish-latin2", "polish-cp1250", "czech", "japanese", "chinese"],
)
def test_undeclared_legacy_encodings_are_detected(text, codec, expected):
    html, encoding = decode(page_bytes(text, encoding=codec))
    assert encoding == expected
    assert text in html


# ---------------------------------------------------------------- MHTML

CHROME_MHTML = b"""From: <Saved by Blink>\r
Snapshot-Content-Location: https://news.example.com/2023/09/07/story?id=42&lang=en\r
Subject: =?utf-8?Q?Caf=C3=A9_news?=\r
Date: Thu, 7 Sep 2023 14:03:11 -0000\r
MIME-Version: 1.0\r
Content-Type: multipart/related;\r
\ttype="text/html";\r
\tboundary="----MultipartBoundary--abc123----"\r
\r
\r
------MultipartBoundary--abc123----\r
Content-Type: text/html\r
Content-ID: <frame-1@mhtml.blink>\r
Content-Transfer-Encoding: quoted-printable\r
Content-Location: https://news.example.com/2023/09/07/story?id=42&lang=en\r
\r
<!DOCTYPE html><html><head><meta http-equiv=3D"Content-Type" content=3D"text=\r
/html; charset=3DUTF-8"><title>Caf=C3=A9</title></head><body><p>Caf=C3=A9 au =\r
lait co=C3=BBte 2=E2=82=AC.</p></body></html>\r
------MultipartBoundary--abc123----\r
Content-Type: image/png\r
Content-Transfer-Encoding: base64\r
Content-Location: https://news.example.com/logo.png\r
\r
iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==\r
------MultipartBoundary--abc123------\r
"""


def test_chrome_mhtml_is_unpacked():
    page = load_page(CHROME_MHTML, path="story.mhtml")
    assert page.html.startswith("<!DOCTYPE html>")
    assert "<p>Café au lait coûte 2€.</p>" in page.html
    assert "Content-Transfer-Encoding" not in page.html
    source = page.source
    assert source.format == "mhtml"
    assert source.encoding == "utf-8"
    assert source.saved_from_url == "https://news.example.com/2023/09/07/story?id=42&lang=en"
    assert source.saved_at == "2023-09-07T14:03:11+00:00"
    assert source.sha256 == hashlib.sha256(CHROME_MHTML).hexdigest()
    assert source.bytes == len(CHROME_MHTML)


def test_mhtml_is_recognised_by_content_not_name():
    assert load_page(gzip.compress(CHROME_MHTML), path="story.html.gz").source.format == "mhtml"


def build_mhtml(html_parts: list[tuple[bytes, str | None, str, str]], *, snapshot: str | None) -> bytes:
    """An archive with the given (body, charset, transfer encoding, location) text/html parts."""
    archive = MIMEMultipart("related", type="text/html")
    archive["From"] = "<Saved by Windows Internet Explorer 8>"
    archive["Subject"] = "=?windows-1251?B?ze7i7vHy6A==?="
    archive["Date"] = "Tue, 12 Mar 2019 09:30:00 +0100"
    if snapshot:
        archive["Snapshot-Content-Location"] = snapshot
    archive.attach(MIMEBase("image", "gif"))
    for body, charset, transfer, location in html_parts:
        part = MIMEBase("text", "html", **({"charset": charset} if charset else {}))
        if transfer == "base64":
            part.set_payload(base64.encodebytes(body).decode("ascii"))
        else:
            part.set_payload(quopri.encodestring(body).decode("ascii"))
        part["Content-Transfer-Encoding"] = transfer
        part["Content-Location"] = location
        archive.attach(part)
    return archive.as_bytes()


def test_mhtml_base64_part_decoded_with_its_charset():
    data = build_mhtml([(page_bytes(RUSSIAN, encoding="cp1251"), "windows-1251", "base64", "http://ru.example/a")], snapshot=None)
    page = load_page(data)
    assert RUSSIAN in page.html
    assert page.source.encoding == "windows-1251"
    # Internet Explorer writes no Snapshot-Content-Location: the part's location stands in.
    assert page.source.saved_from_url == "http://ru.example/a"
    assert page.source.saved_at == "2019-03-12T09:30:00+01:00"


def test_mhtml_part_without_charset_falls_back_to_the_page_meta():
    body = page_bytes(POLISH, head='<meta charset="iso-8859-2">', encoding="iso-8859-2")
    page = load_page(build_mhtml([(body, None, "quoted-printable", "http://pl.example/")], snapshot=None))
    assert POLISH in page.html
    assert page.source.encoding == "iso-8859-2"


def test_mhtml_prefers_the_part_at_the_snapshot_location():
    frame = (page_bytes("an embedded frame"), "utf-8", "quoted-printable", "http://ads.example/frame")
    main = (page_bytes("the article"), "utf-8", "quoted-printable", "http://news.example/article")
    page = load_page(build_mhtml([frame, main], snapshot="http://news.example/article"))
    assert "the article" in page.html and "embedded frame" not in page.html
    assert page.source.saved_from_url == "http://news.example/article"


def test_mhtml_without_an_html_part_is_an_error():
    archive = MIMEMultipart("related")
    archive.attach(MIMEText("just text", "plain"))
    with pytest.raises(NewsparseError, match=r"^MHTML archive has no text/html part$"):
        load_page(archive.as_bytes())


def test_html_page_that_mentions_mime_headers_is_not_mhtml():
    data = page_bytes("MIME-Version: 1.0<br>\nContent-Type: multipart/related; boundary=x")
    assert load_page(data).source.format == "html"


# ---------------------------------------------------------------- provenance


def test_saved_from_comment_is_cut_at_its_declared_length():
    url = "https://www.example.de/artikel/energie-2022?seite=2&x=--1"
    data = f"<!DOCTYPE html>\r\n<!-- saved from url=({len(url):04d}){url} -->\r\n<html><p>x</p></html>".encode()
    page = load_page(data)
    assert page.source.saved_from_url == url
    assert page.source.saved_at is None


def test_saved_from_comment_with_a_wrong_length_ends_at_the_comment_end():
    data = b"<!-- saved from url=(0010)https://example.org/a/long/path -->\n<html><p>x</p></html>"
    assert load_page(data).source.saved_from_url == "https://example.org/a/long/path"


def test_saved_from_local_content_is_no_url():
    data = b"<!-- saved from url=(0014)about:internet -->\n<html><p>x</p></html>"
    assert load_page(data).source.saved_from_url is None


SINGLEFILE_PAGE = (
    "<!DOCTYPE html> <html lang=\"de\"><!--\n Page saved with SingleFile \n"
    " url: https://www.example.de/news/artikel.html?a=1 \n"
    " saved date: Thu Sep 07 2023 15:04:05 GMT+0200 (Mitteleuropäische Sommerzeit)\n-->"
    "<head><meta charset=\"utf-8\"><title>t</title></head><body><p>Text</p></body></html>"
)


def test_singlefile_header():
    page = load_page(SINGLEFILE_PAGE.encode())
    assert page.source.saved_from_url == "https://www.example.de/news/artikel.html?a=1"
    assert page.source.saved_at == "2023-09-07T15:04:05+02:00"


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("Mon Jan 02 2023 09:08:07 GMT-0500 (Eastern Standard Time)", "2023-01-02T09:08:07-05:00"),
        ("Fri Dec 1 2023 23:59:00 GMT+0530", "2023-12-01T23:59:00+05:30"),
        ("2023-09-07T13:04:05.000Z", "2023-09-07T13:04:05+00:00"),
        ("Thu, 07 Sep 2023 13:04:05 GMT", "2023-09-07T13:04:05+00:00"),
        ("sometime last week", None),
    ],
)
def test_singlefile_date_formats(written, iso):
    html = SINGLEFILE_PAGE.replace("Thu Sep 07 2023 15:04:05 GMT+0200 (Mitteleuropäische Sommerzeit)", written)
    assert load_page(html.encode()).source.saved_at == iso


def test_singlefile_wins_over_saved_from_comment():
    data = SINGLEFILE_PAGE.replace("<head>", "<!-- saved from url=(0022)https://other.example/ --><head>").encode()
    assert load_page(data).source.saved_from_url == "https://www.example.de/news/artikel.html?a=1"


def test_mhtml_location_wins_over_comments_in_the_page():
    body = SINGLEFILE_PAGE.replace("<head>", "<!-- saved from url=(0022)https://other.example/ --><head>").encode()
    data = build_mhtml([(body, "utf-8", "quoted-printable", "http://snap.example/")], snapshot="http://snap.example/")
    source = load_page(data).source
    assert source.saved_from_url == "http://snap.example/"
    assert source.saved_at == "2019-03-12T09:30:00+01:00"


@pytest.mark.parametrize(("data", "exact"), [
    ("<p>café – “quoted”</p>".encode(), True),
    (b"<p>plain ascii</p>", True),
    (b"\xef\xbb\xbf<p>caf\xc3\xa9</p>", False),  # the BOM is not text
    ("<meta charset=windows-1251><p>Привет, мир</p>".encode("cp1251"), False),
    (b"<p>nul\x00 and bell\x07 removed</p>", False),
    (b"<p>caf\xc3\xa9 and a stray \xe9 byte</p>", False),
])
def test_the_parser_reads_the_input_bytes_only_when_they_are_the_text(data, exact):
    from newsparse import parse, parse_html

    page = load_page(data)
    assert (page.utf8 is not None) == exact
    if exact:
        assert page.utf8.decode("utf-8") == page.html
    assert parse(data).to_dict()["blocks"] == parse_html(page.html).to_dict()["blocks"]
