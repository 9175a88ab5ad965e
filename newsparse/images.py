"""The images a saved page carries itself, and writing them out.

A saved page may hold its pictures: SingleFile inlines each as a `data:` URI, an
MHTML archive ("Webpage, single file") keeps each in a part of its own, and
"Save page as... complete" puts them in a `<name>_files/` folder beside the page.
blocks.py asks `carried_data_image` what a `data:` image is, so that the record
keeps it as a figure (media type and size, no address) instead of losing it;
`save_images` writes every image the page carries into a directory, once, named
by its content, and points the record at the written files.

It must not judge the page (blocks.py and clean.py do) nor render anything.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
import stat
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, NamedTuple
from urllib.parse import quote, unquote, unquote_to_bytes, urlsplit

from .model import Article, Block, Image, ListItem, NewsparseError

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from email.message import Message

    from .read import Page

# The image formats written out, each with the extension it gets. Only images:
# whatever else a page carries (scripts, fonts, HTML) is never written.
IMAGE_EXTENSIONS = {
    "image/avif": ".avif",
    "image/gif": ".gif",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/svg+xml": ".svg",
    "image/webp": ".webp",
}
# No picture in an article is this large: a 24-megapixel photo straight from a camera
# is about 12 MB. Larger is a page that inlines something else, or a crafted one, and
# would be held in memory twice (its text and its bytes) under the 2 GiB ceiling.
MAX_IMAGE_BYTES = 32 * 1024 * 1024
# A picture this small (1x1, 2x2: width times height) is a spacer, a tracking pixel or
# a lazy-loading placeholder whose real picture the page never loaded: no figure.
MAX_PLACEHOLDER_PIXELS = 4
# Hex digits of the SHA-256 in a written file's name: 64 bits, no collision among
# the images of any number of pages, and short enough to read in a link.
NAME_HASH_CHARS = 16
# Enough of an SVG to find its root element past an XML declaration and comments.
SVG_SNIFF_BYTES = 4096

_SVG_ROOT = re.compile(rb"<svg[\s>/]", re.IGNORECASE)
_SVG_TAG = re.compile(rb"<([A-Za-z][\w:.-]*)")
# Elements that hold no drawing: an SVG of nothing else is a blank placeholder.
_SVG_NON_DRAWING = frozenset({b"svg", b"title", b"desc", b"metadata", b"defs"})
# What lets an SVG run code when it is opened on its own (as an <img> it never runs):
# such an SVG is not written. Character references are refused too, as they can
# spell "javascript:" in an attribute.
_SVG_ACTIVE = re.compile(
    rb"<(?:script|foreignobject|iframe|embed|object|handler)\b|\bon[a-z]+\s*=|(?:java|vb)script\s*:|&#",
    re.IGNORECASE)
_ASCII_WHITESPACE = re.compile(rb"[\t\n\f\r ]+")
# A media type as RFC 6838 spells one ("type/subtype", token characters only).
_MEDIA_TYPE = re.compile(r"[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+\Z")


class CarriedData(NamedTuple):
    """What a data: image is: its media type, and its bytes (None: the data is damaged,
    or larger than MAX_IMAGE_BYTES, then `size` says how large)."""

    media_type: str
    data: bytes | None
    size: int | None


class ImageTarget(NamedTuple):
    """Where images are written and what their paths are relative to."""

    directory: str
    links_from: str  # the directory the output is written to (".": stdout)
    write: bool = True  # False: only name them (--check, --diff)
    # --output-dir: each output links from its own directory below this (batch.images_for).
    output_dir: str | None = None


# ----------------------------------------------------------------------------- data: URIs


def carried_data_image(uri: str) -> CarriedData | None:
    """What the `data:` URI of an <img> holds, when that is a picture worth a figure;
    None for anything else: not a data: URI, not an image, or a placeholder."""
    carried = read_data_uri(uri)
    if carried is None or not carried.media_type.startswith("image/"):
        return None
    if carried.data is not None and is_placeholder(carried.data):
        return None
    return carried


def read_data_uri(uri: str) -> CarriedData | None:
    """A data: URI read as the Fetch standard's "data: URL processor" does (percent-
    decoded, then forgiving base64 when it says ;base64); the media type is the bytes'
    own when they are a known image format, else the declared one."""
    head, comma, body = uri.partition(",")
    if not comma or not head[:5].lower() == "data:":
        return None
    params = [part.strip() for part in head[5:].split(";")]
    is_base64 = len(params) > 1 and params[-1].lower() == "base64"
    declared = (params[0] or "text/plain").lower()
    if not _MEDIA_TYPE.match(declared):
        declared = "application/octet-stream"  # the record never repeats a malformed type
    size = decoded_size(body, is_base64)
    if size > MAX_IMAGE_BYTES:
        return CarriedData(declared, None, size)  # not decoded: it will not be written
    raw = unquote_to_bytes(body)
    data = forgiving_base64(raw) if is_base64 else raw
    if data is None:
        return CarriedData(declared, None, None)
    return CarriedData(sniffed_media_type(data) or declared, data, len(data))


def decoded_size(body: str, is_base64: bool) -> int:
    """How many bytes a data: URI's body decodes to (when it is well formed), counted
    without decoding it."""
    size = len(body) - 2 * body.count("%")
    if not is_base64:
        return size
    meaningful = size - sum(body.count(space) for space in "\t\n\f\r ") - body.count("=")
    return meaningful * 3 // 4


def forgiving_base64(raw: bytes) -> bytes | None:
    """Base64 as browsers decode it (whitespace ignored, padding optional); None when
    it is not base64 at all."""
    raw = _ASCII_WHITESPACE.sub(b"", raw)
    if len(raw) % 4 == 0 and raw.endswith(b"="):
        raw = raw[:-2] if raw.endswith(b"==") else raw[:-1]
    if len(raw) % 4 == 1:
        return None
    try:
        return base64.b64decode(raw + b"=" * (-len(raw) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None


# ----------------------------------------------------------------------------- image bytes


def sniffed_media_type(data: bytes) -> str | None:
    """The image format the bytes are, by their signature (never by a name or a
    declared type, which lie); None when they are none of IMAGE_EXTENSIONS."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "image/webp"
    if data[4:8] == b"ftyp" and data[8:12] in (b"avif", b"avis"):
        return "image/avif"
    head = data[:SVG_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf\t\n\r ")
    if head.startswith(b"<") and _SVG_ROOT.search(head):
        return "image/svg+xml"
    return None


def is_placeholder(data: bytes) -> bool:
    """A spacer or an unloaded placeholder: a tiny PNG or GIF, or an SVG that draws nothing."""
    size = pixel_size(data)
    if size is not None:
        return size[0] * size[1] <= MAX_PLACEHOLDER_PIXELS
    if sniffed_media_type(data) == "image/svg+xml":
        return set(name.lower() for name in _SVG_TAG.findall(data)) <= _SVG_NON_DRAWING
    return False


def pixel_size(data: bytes) -> tuple[int, int] | None:
    """Width and height where the header gives them at a fixed place (PNG, GIF)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data.startswith((b"GIF87a", b"GIF89a")) and len(data) >= 10:
        return int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little")
    return None


def writable_media_type(data: bytes) -> str | None:
    """The media type to write `data` as, or None when it must not be written: not an
    image format, absurdly large, or an SVG that could run code."""
    if len(data) > MAX_IMAGE_BYTES:
        return None
    media_type = sniffed_media_type(data)
    if media_type == "image/svg+xml" and _SVG_ACTIVE.search(data):
        return None
    return media_type


# ----------------------------------------------------------------------------- where the page keeps them


class PageImages:
    """The images a loaded page carries besides its data: URIs: MHTML parts by address
    (`Content-Location`, or `cid:` and the part's Content-ID), and the files of a
    "Save page as... complete" folder beside the page."""

    def __init__(self, parts: Mapping[str, Message] | None = None, page_path: str | None = None) -> None:
        self.parts = parts or {}
        self.folder = saved_files_folder(page_path) if page_path else None
        self.page_directory = os.path.dirname(page_path) if page_path else ""

    def find(self, image: Image) -> tuple[bytes, bool] | None:
        """The bytes the page carries for `image`, and whether they came from the
        page's folder (whose files have no web address); None when it carries none."""
        for address in (image.url, *image.sources):
            if not address:
                continue
            if address[:5].lower() == "data:":
                carried = read_data_uri(address)
                if carried is not None and carried.data is not None:
                    return carried.data, False
                continue
            part = self.parts.get(address)
            if part is not None:
                data = part.get_payload(decode=True)
                if isinstance(data, bytes) and data:
                    return data, False
            if self.folder is not None:
                data = self.folder_file(address)
                if data is not None:
                    return data, True
        return None

    def folder_file(self, address: str) -> bytes | None:
        """The file a relative address names inside the page's folder. Never one
        outside it: no "..", no absolute path, no symbolic link leading out."""
        assert self.folder is not None
        parts = urlsplit(address)
        if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
            return None
        try:
            target = os.path.realpath(os.path.join(self.page_directory, unquote(parts.path)))
            if os.path.commonpath([self.folder, target]) != self.folder or target == self.folder:
                return None
        except ValueError:  # a NUL byte in the name, or no common path (another drive)
            return None
        return read_small_regular_file(target)


def saved_files_folder(page_path: str) -> str | None:
    """The folder "Save page as... complete" writes beside `page_path` (browsers name
    it after the page: "story.html" -> "story_files"), resolved; None when absent."""
    name = os.path.basename(page_path)
    name = name[:-3] if name.lower().endswith(".gz") else name
    folder = os.path.join(os.path.dirname(page_path), os.path.splitext(name)[0] + "_files")
    return os.path.realpath(folder) if os.path.isdir(folder) else None


def read_small_regular_file(path: str) -> bytes | None:
    """A regular file's bytes up to MAX_IMAGE_BYTES (a FIFO or a device is never
    opened for good, a larger file never read); None otherwise."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (OSError, ValueError):
        return None
    with os.fdopen(handle, "rb") as stream:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_IMAGE_BYTES:
            return None
        return stream.read(MAX_IMAGE_BYTES + 1)


# ----------------------------------------------------------------------------- writing


def save_images(article: Article, target: ImageTarget, carried: PageImages | None = None) -> Article:
    """The record with each image the page carries written into `target.directory`
    (named by content, so each once however many figures or pages show it) and its
    `url` the written file's path relative to `target.links_from`, the web address
    kept as `original_url`. Images the page does not carry keep their address."""
    carried = carried or PageImages()
    return with_each_image(article, lambda image: saved_image(image, target, carried))


def save_page_images(article: Article, page: Page, target: ImageTarget | None, path: str | None) -> Article:
    """For a page as read.py loaded it from `path` (None: not a file): the images an
    MHTML archive names by cid: described (they have no web address), then, with a
    `target`, every image the page carries written there (save_images)."""
    if page.parts:
        article = with_each_image(article, lambda image: described_archive_image(image, page.parts or {}))
    if target is not None:
        article = save_images(article, target, PageImages(page.parts, path))
    return article


def described_archive_image(image: Image, parts: Mapping[str, Message]) -> Image:
    """An image the page names by "cid:", an address only inside the archive: like a
    data: image, no url, its media type and size, and the cid: kept to find it again."""
    if not image.url or image.url[:4].lower() != "cid:" or image.url not in parts:
        return image
    data = parts[image.url].get_payload(decode=True)
    if not isinstance(data, bytes):
        return image
    declared = parts[image.url].get_content_type()
    media_type = sniffed_media_type(data) or (declared if declared in IMAGE_EXTENSIONS else None)
    if media_type is None:
        return image
    return replace(image, url=None, media_type=media_type, bytes=len(data), sources=(image.url, *image.sources))


def with_each_image(article: Article, change: Callable[[Image], Image]) -> Article:
    """The record with `change` applied to the lead image and every figure's, once per
    distinct image (the lead is often a figure's too)."""
    done: dict[tuple[str | None, tuple[str, ...]], Image] = {}

    def changed(image: Image) -> Image:
        key = (image.url, image.sources)
        if key not in done:
            done[key] = change(image)
        return done[key]

    return replace(article, image=changed(article.image) if article.image else None,
                   blocks=tuple(with_images(article.blocks, changed)))


def saved_image(image: Image, target: ImageTarget, carried: PageImages) -> Image:
    found = carried.find(image)
    if found is None:
        return image
    data, from_folder = found
    media_type = writable_media_type(data)
    if media_type is None:
        return image
    name = hashlib.sha256(data).hexdigest()[:NAME_HASH_CHARS] + IMAGE_EXTENSIONS[media_type]
    path = Path(target.directory) / name
    if target.write:
        write_image(path, data)
    web_address = None if from_folder else image.url
    return replace(image, url=relative_link(path, target.links_from), media_type=media_type, bytes=len(data),
                   original_url=image.original_url or web_address)


def with_images(blocks: Iterable[Block], saved: Callable[[Image], Image]) -> Iterable[Block]:
    """The blocks with each figure's image passed through `saved`, in quotes and lists too."""
    for block in blocks:
        if block.type == "figure" and block.image is not None:
            yield replace(block, image=saved(block.image))
        elif block.children:
            yield replace(block, children=tuple(with_images(block.children, saved)))
        elif block.items and any(item.children for item in block.items):
            yield replace(block, items=tuple(
                ListItem(item.text, item.html, tuple(with_images(item.children, saved))) for item in block.items))
        else:
            yield block


def relative_link(path: Path, links_from: str) -> str:
    """`path` as a relative URL from the directory `links_from`: forward slashes, and
    percent-encoded, so that no directory name reads as a scheme ("c:") or markup."""
    start = os.path.abspath(links_from)
    try:
        relative = os.path.relpath(os.path.abspath(path), start)
    except ValueError:  # another drive (Windows): no relative path exists
        relative = os.path.abspath(path)
    return quote(relative.replace(os.sep, "/"))


def write_image(path: Path, data: bytes) -> None:
    """Write `data` atomically, unless the file holds it already: the name is the
    content's hash, so a rerun writes nothing, and two workers writing the same image
    at once each replace it with the same whole bytes."""
    from .output import new_file_mode, replace_with_temporary_file

    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return
    except OSError:
        pass
    replace_with_temporary_file(path, data, new_file_mode())


def prepare_image_directory(directory: str) -> None:
    """Create the images directory and prove it writable before any work; raises the
    OSError of a bad one."""
    from .output import prepare_output_dir

    prepare_output_dir(directory)


def image_target(directory: str | os.PathLike[str], links_from: str | os.PathLike[str] | None) -> ImageTarget:
    """The library's arguments as a target, the directory made if need be; an unusable
    one is a NewsparseError."""
    name = os.fspath(directory)
    try:
        prepare_image_directory(name)
    except OSError as error:
        raise NewsparseError(f"cannot write images to {name}: {error.strerror or error}") from error
    return ImageTarget(name, os.fspath(links_from) if links_from is not None else ".")
