"""Images the saved page carries: kept in the record without an address when they
are only data (SingleFile's data: URIs, MHTML parts named by cid:), and written out
by content with --images / parse(images=...) from data: URIs, MHTML parts and a
"Save page as... complete" folder."""
from __future__ import annotations

import base64
import json
import os
import re
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsparse
from newsparse import images
from newsparse.cli import main
from newsparse.images import write_image

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
NAME = re.compile(r"^[0-9a-f]{16}\.(png|jpg|gif|webp|avif|svg)$")

STORY = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tram line opens | Example Gazette</title></head>
<body><article><h1>Tram line opens</h1>
<p>The new tram line between the station and the university opened on Saturday, two years
after work began, and carried more than ten thousand passengers on its first day.</p>
{figures}
<p>The city council said trams would run every seven minutes at peak times and every quarter
of an hour in the evening, with night services on Fridays and Saturdays from next month.</p>
<p>Shopkeepers along the route, who had complained about the roadworks, said trade was already
picking up as the temporary barriers came down and the pavements reopened.</p>
</article></body></html>
"""


def png(width: int, height: int, shade: int = 0) -> bytes:
    """A real PNG of the given size (RGB, each pixel its own colour)."""
    rows = b"".join(b"\x00" + b"".join(bytes((shade, (x * 13) % 256, (y * 29) % 256)) for x in range(width))
                    for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def data_uri(data: bytes, media_type: str = "image/png") -> str:
    return f"data:{media_type};base64," + base64.b64encode(data).decode()


def figure(src: str, alt: str = "A tram at the station", caption: str | None = "The first tram.") -> str:
    caption_html = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f'<figure><img src="{src}" alt="{alt}">{caption_html}</figure>'


def story(*figures: str) -> bytes:
    return STORY.replace("{figures}", "\n".join(figures)).encode("utf-8")


def figures_of(article: newsparse.Article) -> list[newsparse.Image]:
    return [block.image for block in article.blocks if block.type == "figure" and block.image is not None]


def hashed_name(data: bytes, extension: str) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()[:16] + extension


# ---------------------------------------------------------------- without --images


def test_a_data_image_is_kept_as_a_figure_without_an_address():
    picture = png(16, 9)
    article = newsparse.parse(story(figure(data_uri(picture))))
    [image] = figures_of(article)
    assert image.url is None
    assert (image.media_type, image.bytes) == ("image/png", len(picture))
    assert (image.alt, image.caption) == ("A tram at the station", "The first tram.")
    assert article.image == image  # the lead image likewise, when the page declares none
    record = json.loads(newsparse.render(article, "json"))
    assert record["image"]["url"] is None and record["image"]["bytes"] == len(picture)
    assert "data:" not in newsparse.render(article, "json")


def test_markdown_keeps_a_data_images_words_in_italics_and_never_its_data():
    article = newsparse.parse(story(figure(data_uri(png(16, 9))),
                                    figure(data_uri(png(8, 8, 1)), alt="Map of the line", caption=None)))
    markdown = newsparse.render(article, "markdown")
    assert "\n*The first tram.*\n" in markdown
    assert "\n*Map of the line*\n" in markdown  # no caption: the alt text
    assert "data:" not in markdown and "base64" not in markdown and "![" not in markdown


def test_ordinary_records_keep_their_old_keys():
    # Images with a web address carry no new keys: records of other pages stay byte for byte.
    article = newsparse.parse(story(figure("https://img.example.org/tram.jpg")))
    assert json.loads(newsparse.render(article, "json"))["image"] == {
        "url": "https://img.example.org/tram.jpg", "alt": "A tram at the station", "caption": "The first tram.",
        "credit": None}


@pytest.mark.parametrize("placeholder", [
    "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7",  # 1x1 GIF
    data_uri(png(2, 2)),
    "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='1200' height='675'%3E%3C/svg%3E",
    "data:text/html;base64,PGI+aGk8L2I+",  # not an image at all
    "data:,",
])
def test_placeholders_and_non_images_are_no_figures(placeholder):
    assert figures_of(newsparse.parse(story(figure(placeholder)))) == []


def test_a_lazy_image_keeps_its_real_address_over_the_data_placeholder():
    lazy = ('<figure><img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" '
            'data-src="https://img.example.org/tram.jpg" alt="Tram"></figure>')
    [image] = figures_of(newsparse.parse(story(lazy)))
    assert image.url == "https://img.example.org/tram.jpg" and image.media_type is None


def test_damaged_base64_keeps_the_figure_with_no_size(tmp_path):
    damaged = "data:image/jpeg;base64,/9j/4AAQ*not base64*"
    article = newsparse.parse(story(figure(damaged)))
    [image] = figures_of(article)
    assert (image.url, image.media_type, image.bytes) == (None, "image/jpeg", None)
    written = newsparse.parse(story(figure(damaged)), images=tmp_path / "img")
    assert figures_of(written)[0].url is None and list((tmp_path / "img").iterdir()) == []


def test_the_same_data_image_twice_is_one_figure():
    uri = data_uri(png(16, 9))
    assert len(figures_of(newsparse.parse(story(figure(uri), figure(uri, caption="Again."))))) == 1


# ---------------------------------------------------------------- parse(images=...)


def test_parse_writes_each_carried_image_once_named_by_its_content(tmp_path):
    first, second = png(16, 9), png(12, 8, 1)
    page = story(figure(data_uri(first)), figure(data_uri(second), caption="Second."),
                 figure(data_uri(first), caption="The first again."))
    target = tmp_path / "out" / "img"
    article = newsparse.parse(page, images=target, images_relative_to=tmp_path / "out")
    assert sorted(p.name for p in target.iterdir()) == sorted([hashed_name(first, ".png"), hashed_name(second, ".png")])
    assert (target / hashed_name(first, ".png")).read_bytes() == first
    lead, other = figures_of(article)
    assert lead.url == "img/" + hashed_name(first, ".png") and other.url == "img/" + hashed_name(second, ".png")
    assert (lead.media_type, lead.bytes, lead.original_url) == ("image/png", len(first), None)
    assert article.image == lead
    assert f"![A tram at the station](img/{hashed_name(first, '.png')})" in newsparse.render(article, "markdown")


def test_rewriting_the_same_images_writes_nothing_new(tmp_path):
    page = story(figure(data_uri(png(16, 9))))
    target = tmp_path / "img"
    newsparse.parse(page, images=target)
    [written] = target.iterdir()
    before = written.stat()
    again = newsparse.parse(page, images=target)
    after = written.stat()
    assert list(target.iterdir()) == [written]
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert newsparse.render(again, "json") == newsparse.render(newsparse.parse(page, images=target), "json")


def test_links_are_relative_to_the_given_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    page = story(figure(data_uri(png(16, 9))))
    name = figures_of(newsparse.parse(page, images="shared img"))[0].url
    assert name.startswith("shared%20img/")  # a relative URL, percent-encoded
    deep = figures_of(newsparse.parse(page, images="shared img", images_relative_to="a/b"))[0].url
    assert deep.startswith("../../shared%20img/")


def test_an_unusable_images_directory_is_a_newsparse_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(newsparse.NewsparseError, match="cannot write images to"):
        newsparse.parse(story(figure(data_uri(png(16, 9)))), images=blocker / "img")


def test_svg_is_written_unless_it_could_run_code(tmp_path):
    drawing = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="2"/></svg>'
    scripted = b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="4" height="2"/><script>alert(1)</script></svg>'
    handler = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="4" height="2"/></svg>'
    article = newsparse.parse(story(figure(data_uri(drawing, "image/svg+xml")),
                                    figure(data_uri(scripted, "image/svg+xml"), caption="Scripted."),
                                    figure(data_uri(handler, "image/svg+xml"), caption="Handler.")),
                              images=tmp_path, images_relative_to=tmp_path)
    safe, *active = figures_of(article)
    assert safe.url == hashed_name(drawing, ".svg") and safe.media_type == "image/svg+xml"
    assert [image.url for image in active] == [None, None]
    assert [p.name for p in tmp_path.iterdir()] == [hashed_name(drawing, ".svg")]


def test_absurdly_large_images_are_not_written(tmp_path, monkeypatch):
    monkeypatch.setattr(images, "MAX_IMAGE_BYTES", 100)
    picture = png(40, 40)
    article = newsparse.parse(story(figure(data_uri(picture))), images=tmp_path)
    [image] = figures_of(article)
    assert (image.url, image.media_type, image.bytes) == (None, "image/png", len(picture))  # sized, not decoded
    assert list(tmp_path.iterdir()) == []


@given(st.text(max_size=300) | st.binary(max_size=200).map(lambda b: "data:image/png;base64," + base64.b64encode(b)
                                                          .decode()[: len(b)]))
@settings(max_examples=300, deadline=None)
def test_any_data_uri_gives_an_answer_never_an_exception(uri):
    carried = images.read_data_uri("data:" + uri if not uri.startswith("data:") else uri)
    assert carried is None or carried.data is None or carried.size == len(carried.data)
    images.carried_data_image(uri)


def test_records_with_written_images_follow_the_schema(tmp_path):
    from fuzz_parse import schema_validator

    validator = schema_validator()
    if validator is None:
        pytest.skip("jsonschema is not installed")
    for page in (SAMPLES / "mhtml-save" / "source.mhtml", SAMPLES / "singlefile" / "source.html"):
        for folder in (None, tmp_path):
            record = json.loads(newsparse.render(newsparse.parse_file(page, images=folder), "json"))
            assert not list(validator.iter_errors(record)), page


def test_bytes_that_are_no_image_format_are_not_written(tmp_path):
    article = newsparse.parse(story(figure(data_uri(b"<html>not a picture</html>" * 4))), images=tmp_path)
    assert figures_of(article)[0].url is None and list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- MHTML


def mhtml(html: str, parts: list[tuple[dict[str, str], bytes]]) -> bytes:
    boundary = "----MultipartBoundary--testboundary----"
    out = ["From: <Saved by Blink>", "Snapshot-Content-Location: https://news.example.org/tram",
           "MIME-Version: 1.0", f'Content-Type: multipart/related; type="text/html"; boundary="{boundary}"', "",
           f"--{boundary}", "Content-Type: text/html", "Content-Transfer-Encoding: 8bit",
           "Content-Location: https://news.example.org/tram", "", html]
    for headers, data in parts:
        out += [f"--{boundary}", *(f"{k}: {v}" for k, v in headers.items()), "Content-Transfer-Encoding: base64", "",
                base64.encodebytes(data).decode()]
    out.append(f"--{boundary}--")
    return "\r\n".join(out).encode("utf-8")


def test_mhtml_parts_are_found_by_address_and_by_content_id(tmp_path):
    lead, chart = png(16, 9), png(12, 8, 2)
    html = STORY.replace("{figures}", figure("https://news.example.org/img/tram.png")
                         + figure("cid:chart.1@example", alt="Chart", caption="Riders per day."))
    page = mhtml(html, [({"Content-Type": "image/png", "Content-Location": "https://news.example.org/img/tram.png"},
                         lead),
                        ({"Content-Type": "image/png", "Content-ID": "<chart.1@example>"}, chart)])
    plain = figures_of(newsparse.parse(page))
    assert plain[0].url == "https://news.example.org/img/tram.png" and plain[0].media_type is None
    assert (plain[1].url, plain[1].media_type, plain[1].bytes) == (None, "image/png", len(chart))

    written = figures_of(newsparse.parse(page, images=tmp_path, images_relative_to=tmp_path))
    assert [image.url for image in written] == [hashed_name(lead, ".png"), hashed_name(chart, ".png")]
    assert written[0].original_url == "https://news.example.org/img/tram.png"
    assert written[1].original_url is None  # a cid: is no web address
    assert (tmp_path / hashed_name(chart, ".png")).read_bytes() == chart


# ---------------------------------------------------------------- a "Save page as... complete" folder


def saved_complete(tmp_path: Path, *figures: str) -> Path:
    page = tmp_path / "saved" / "Tram line opens.html"
    (page.parent / "Tram line opens_files").mkdir(parents=True)
    page.write_bytes(story(*figures))
    return page


def test_a_saved_folders_files_are_written_and_nothing_outside_it(tmp_path):
    inside, outside, linked = png(16, 9), png(12, 8, 3), png(10, 10, 4)
    page = saved_complete(tmp_path,
                          figure("./Tram%20line%20opens_files/tram.png"),
                          figure("Tram line opens_files/../secret.png", caption="Escape by dots."),
                          figure("Tram line opens_files/link.png", caption="Escape by a link."),
                          figure("/etc/passwd", caption="Absolute."),
                          figure("Tram line opens_files/page.png", caption="Not an image."))
    folder = page.parent / "Tram line opens_files"
    (folder / "tram.png").write_bytes(inside)
    (page.parent / "secret.png").write_bytes(outside)
    (tmp_path / "elsewhere.png").write_bytes(linked)
    os.symlink(tmp_path / "elsewhere.png", folder / "link.png")
    (folder / "page.png").write_text("<html>a page, named .png</html>")
    article = newsparse.parse_file(page, images=tmp_path / "img", images_relative_to=tmp_path)
    found = figures_of(article)
    assert found[0].url == "img/" + hashed_name(inside, ".png")
    assert found[0].original_url is None  # the folder's files have no web address
    assert all(image.media_type is None and not image.url.startswith("img/") for image in found[1:])
    assert [p.name for p in (tmp_path / "img").iterdir()] == [hashed_name(inside, ".png")]


def test_without_a_folder_the_relative_images_keep_their_address(tmp_path):
    page = tmp_path / "lonely.html"
    page.write_bytes(story(figure("lonely_files/tram.png")))
    article = newsparse.parse_file(page, images=tmp_path / "img")
    assert figures_of(article)[0].url == "lonely_files/tram.png"
    assert list((tmp_path / "img").iterdir()) == []


# ---------------------------------------------------------------- the samples, with --images


def convert_sample(runner, slug: str, tmp_path: Path, *options: str) -> tuple[str, Path]:
    source = next(p for p in (SAMPLES / slug).glob("source.*"))
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    result = runner.invoke(main, ["--images", str(tmp_path / "img"), "-o", str(out / f"{slug}.md"), *options,
                                  str(source)])
    assert result.exit_code == 0, result.output
    return (out / f"{slug}.md").read_text(encoding="utf-8"), tmp_path / "img"


def linked_images(markdown: str) -> list[str]:
    return re.findall(r"!\[[^\]]*\]\(([^)]*)\)", markdown)


def test_singlefile_sample_writes_its_pictures_and_links_them(runner, tmp_path):
    markdown, folder = convert_sample(runner, "singlefile", tmp_path)
    links = linked_images(markdown)
    assert len(links) == 3 and all(link.startswith("../img/") for link in links)
    written = sorted(p.name for p in folder.iterdir())
    assert sorted(link.removeprefix("../img/") for link in links) == written
    assert all(NAME.match(name) for name in written) and [n for n in written if n.endswith(".svg")]
    for link in links:  # the links resolve, from the Markdown's folder, to real images
        data = (tmp_path / "out" / link).read_bytes()
        assert images.sniffed_media_type(data) in ("image/png", "image/svg+xml")
    assert "data:" not in markdown
    assert "*Average annual thinning of the surveyed glaciers, in metres.*" in markdown


def test_mhtml_sample_writes_its_parts_and_keeps_the_web_address(runner, tmp_path):
    source = SAMPLES / "mhtml-save" / "source.mhtml"
    result = runner.invoke(main, ["--images", str(tmp_path / "img"), "-f", "json", str(source)])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    lead = record["image"]
    assert lead["original_url"] == "https://www.example-news.com/media/2023/10/lyon-terrasse-1200.png"
    assert lead["media_type"] == "image/png" and NAME.match(Path(lead["url"]).name)
    assert os.path.samefile(lead["url"], tmp_path / "img" / Path(lead["url"]).name)  # relative to here: stdout
    figures = [b["image"] for b in record["blocks"] if b["type"] == "figure"]
    assert len(figures) == 2 and "original_url" not in figures[1]  # the map, named by cid:
    assert len(list((tmp_path / "img").iterdir())) == 2


def test_saved_complete_sample_writes_its_folders_pictures(runner, tmp_path):
    markdown, folder = convert_sample(runner, "saved-complete", tmp_path)
    links = linked_images(markdown)
    ferry = (SAMPLES / "saved-complete" / "source_files" / "ferry-at-quay.png").read_bytes()
    chart = (SAMPLES / "saved-complete" / "source_files" / "passengers-by-month.svg").read_bytes()
    assert links[:2] == ["../img/" + hashed_name(ferry, ".png"), "../img/" + hashed_name(chart, ".svg")]
    assert (folder / hashed_name(ferry, ".png")).read_bytes() == ferry
    assert links[2] == "https://images.northfield-courier.example/archive/1998/old-ferry.jpg"  # not saved: kept
    assert len(list(folder.iterdir())) == 2  # the logo outside the article is not written


# ---------------------------------------------------------------- the command line


def test_a_rerun_gives_the_same_output_and_writes_nothing_new(runner, tmp_path):
    first, folder = convert_sample(runner, "singlefile", tmp_path)
    stamps = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    second, _ = convert_sample(runner, "singlefile", tmp_path)
    assert first == second
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == stamps


def test_an_unwritable_images_directory_is_a_usage_error_and_nothing_is_written(runner, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    out = tmp_path / "a.md"
    result = runner.invoke(main, ["--images", str(blocker / "img"), "-o", str(out),
                                  str(SAMPLES / "singlefile" / "source.html")])
    assert result.exit_code == 2
    [line] = [line for line in result.stderr.splitlines() if "--images" in line and "cannot write" in line]
    assert str(blocker / "img") in line and "Not a directory" in line
    assert not out.exists() and result.stdout == ""


def test_a_failed_image_write_fails_that_input_and_leaves_no_output(runner, tmp_path, monkeypatch):
    def full(path, data):
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(images, "write_image", full)
    out = tmp_path / "a.md"
    result = runner.invoke(main, ["--images", str(tmp_path / "img"), "-o", str(out), "--timeout", "0",
                                  str(SAMPLES / "singlefile" / "source.html")])
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_images_with_text_output_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(main, ["--images", str(tmp_path), "-f", "text", str(SAMPLES / "singlefile" / "source.html")])
    assert result.exit_code == 2 and "--images" in result.stderr


def test_check_writes_no_images_and_compares_the_links(runner, tmp_path):
    source = SAMPLES / "singlefile" / "source.html"
    out, folder = tmp_path / "md", tmp_path / "img"
    assert runner.invoke(main, ["--images", str(folder), "--output-dir", str(out), str(source)]).exit_code == 0
    shutil.rmtree(folder)
    result = runner.invoke(main, ["--images", str(folder), "--output-dir", str(out), "--check", str(source)])
    assert result.exit_code == 0, result.output
    assert not folder.exists()


def test_a_batch_shares_one_images_directory(runner, tmp_path):
    pages = tmp_path / "in"
    (pages / "deep" / "er").mkdir(parents=True)
    shared = data_uri(png(16, 9))
    for number in range(10):
        folder = pages / "deep" / "er" if number % 2 else pages
        own = data_uri(png(12, 8, number + 1))
        (folder / f"{number:02d}.html").write_bytes(story(figure(shared), figure(own, caption="Own.")))
    out, img = tmp_path / "out", tmp_path / "img"
    result = runner.invoke(main, ["--images", str(img), "--output-dir", str(out), "--jobs", "2", str(pages)])
    assert result.exit_code == 0, result.output
    assert len(list(img.iterdir())) == 11  # the shared picture once, and each page's own
    top = linked_images((out / "00.md").read_text())
    nested = linked_images((out / "deep" / "er" / "01.md").read_text())
    assert top[0] == "../img/" + top[0].rsplit("/", 1)[1]
    assert nested[0] == "../../../img/" + top[0].rsplit("/", 1)[1]
    for markdown, folder in ((top, out), (nested, out / "deep" / "er")):
        assert all((folder / link).is_file() for link in markdown)


def write_many_times(path: str, data: bytes) -> None:
    for _ in range(30):
        write_image(Path(path), data)


def test_two_processes_writing_the_same_image_leave_it_whole(tmp_path):
    import multiprocessing

    data = png(200, 200)
    target = tmp_path / hashed_name(data, ".png")
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=write_many_times, args=(str(target), data)) for _ in range(2)]
    target.write_bytes(data[:10])  # a damaged copy: replaced, never appended to
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert target.read_bytes() == data
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left


def test_a_malformed_media_type_never_reaches_the_record():
    page = story(figure("data:image/<b>x</b>;base64," + base64.b64encode(b"\x00" * 64).decode()))
    assert figures_of(newsparse.parse(page)) == []


def test_odd_relative_addresses_in_a_saved_folder_are_skipped_quietly(tmp_path):
    page = saved_complete(tmp_path, figure("Tram line opens_files/%00.png"),
                          figure("Tram line opens_files/" + "x" * 5000 + ".png", caption="Long."))
    article = newsparse.parse_file(page, images=tmp_path / "img")
    assert all(image.media_type is None for image in figures_of(article))


def test_output_to_dev_stdout_links_from_the_current_directory(tmp_path, monkeypatch):
    from newsparse import cli

    monkeypatch.chdir(tmp_path)
    assert cli.image_target("img", "/dev/stdout", None, write=True).links_from == "."
    assert cli.image_target("img", "notes/a.md", None, write=True).links_from == "notes"
