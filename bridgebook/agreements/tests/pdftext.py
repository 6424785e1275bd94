"""The words a PDF made by WeasyPrint shows, read back from the PDF itself.

Neither pypdf nor pdftotext is installed, so this reads just enough of the format: the
objects (at the top level and packed in object streams), each font's ToUnicode map (glyph
→ character), and the page content's text operators (``Tf`` names the font, ``Tj``/``TJ``
show glyphs). Each showing of text becomes a run of characters, runs joined by spaces. It
parses the real bytes a reader would get, so a PDF that does not parse, or that lost its
text, fails the test.
"""

from __future__ import annotations

import re
import zlib

OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)
STREAM = re.compile(rb"^(.*?)stream\r?\n(.*)\r?\nendstream\s*$", re.S)
REFERENCE = re.compile(rb"/([A-Za-z0-9_.+-]+)\s+(\d+) 0 R")
TO_UNICODE = re.compile(rb"/ToUnicode\s+(\d+) 0 R")
SHOW = re.compile(rb"/([A-Za-z0-9_.+-]+)\s+[\d.]+\s+Tf|\[(.*?)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj",
                  re.S)
HEX = re.compile(rb"<([0-9a-fA-F]*)>")


def _objects(pdf: bytes) -> tuple[dict[int, bytes], dict[int, bytes]]:
    """({object number: its dictionary's text}, {object number: its stream, inflated})."""
    texts: dict[int, bytes] = {}
    streams: dict[int, bytes] = {}
    for number, body in OBJECT.findall(pdf):
        number = int(number)
        found = STREAM.match(body)
        if found is None:
            texts[number] = body
            continue
        head, data = found.groups()
        texts[number] = head
        streams[number] = zlib.decompress(data) if b"/FlateDecode" in head else data
    for number, head in list(texts.items()):
        if b"/ObjStm" not in head or number not in streams:
            continue
        data = streams[number]
        first = int(re.search(rb"/First\s+(\d+)", head).group(1))
        pairs = [int(n) for n in data[:first].split()]
        offsets = list(zip(pairs[0::2], pairs[1::2], strict=True))
        for index, (inner, offset) in enumerate(offsets):
            end = offsets[index + 1][1] if index + 1 < len(offsets) else len(data) - first
            texts[inner] = data[first + offset:first + end]
    return texts, streams


def _cmap(data: bytes) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for source, target in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            mapping[source.decode().lower()] = bytes.fromhex(target.decode()).decode(
                "utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, target in re.findall(
                rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            start = int(target, 16)
            width = len(low)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[f"{code:0{width}x}"] = chr(start + offset)
    return mapping


def pdf_text(pdf: bytes) -> str:
    """Every run of text the PDF's pages show, in the order they are drawn."""
    assert pdf.startswith(b"%PDF-"), "not a PDF"
    texts, streams = _objects(pdf)
    maps: dict[int, dict[str, str]] = {}
    for number, head in texts.items():
        found = TO_UNICODE.search(head)
        if found and int(found.group(1)) in streams:
            maps[number] = _cmap(streams[int(found.group(1))])
    by_name: dict[str, dict[str, str]] = {}
    for head in texts.values():
        for name, number in REFERENCE.findall(head):
            if int(number) in maps:
                by_name[name.decode()] = maps[int(number)]
    runs = []
    for data in streams.values():
        if b"Tf" not in data or (b"TJ" not in data and b"Tj" not in data):
            continue
        font: dict[str, str] = {}
        for name, array, single in SHOW.findall(data):
            if name:
                font = by_name.get(name.decode(), {})
                continue
            glyphs = HEX.findall(array) if array else [single]
            hexes = b"".join(glyphs).decode().lower()
            runs.append("".join(font.get(hexes[i:i + 4], "\ufffd")
                                for i in range(0, len(hexes), 4)))
    return " ".join(runs)
