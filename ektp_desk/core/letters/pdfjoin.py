"""Join PDF files written by reportlab into one, streaming, without a PDF library.

Big batches are rendered in parts by worker processes (both cores) and each part is a
complete PDF from :class:`reportlab.pdfgen.canvas.Canvas`. Those files have a simple,
known shape: numbered objects, a classic cross-reference table, one Catalog whose Pages
tree lists the pages. Joining copies every object of every part except its Catalog, Pages
nodes, Outlines and Info, renumbers the references (``N 0 R``) in the objects' dictionaries
(stream data is copied untouched), points each page at one new Pages node, and writes a
new Catalog, Info, cross-reference table and trailer. Only one part is held in memory at a
time, so memory stays flat however many letters a batch has.

It is not a general PDF merger: it refuses files it does not understand (compressed
object streams, cross-reference streams, incremental updates) with ValueError.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XREF_HEAD = re.compile(rb"xref\s+0\s+(\d+)\s+")
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_OBJ_HEAD = re.compile(rb"(\d+) 0 obj\s*")
_REF = re.compile(rb"(?<![\d.])(\d+) 0 R(?![\w.])")
_DICT_END = re.compile(rb">>\s*stream\r?\n")
_ROOT = re.compile(rb"/Root (\d+) 0 R")
_INFO = re.compile(rb"/Info (\d+) 0 R")
_PAGES = re.compile(rb"/Pages (\d+) 0 R")
_OUTLINES = re.compile(rb"/Outlines (\d+) 0 R")
_KIDS = re.compile(rb"/Kids\s*\[([^\]]*)\]")
_TYPE_PAGES = re.compile(rb"/Type\s*/Pages\b")


class _Part:
    """One input file: its objects' bytes by number, its catalog and page order."""

    def __init__(self, data: bytes, name: str) -> None:
        self.name = name
        tail = _STARTXREF.search(data[-64:])
        if tail is None:
            raise ValueError(f"{name}: no startxref")
        xref_at = int(tail.group(1))
        head = _XREF_HEAD.match(data, xref_at)
        if head is None:
            raise ValueError(f"{name}: not a classic xref table")
        count = int(head.group(1))
        entries = _XREF_ENTRY.findall(data, head.end(), head.end() + count * 21)
        if len(entries) != count:
            raise ValueError(f"{name}: xref table damaged")
        trailer = data[head.end() + count * 20:]
        if data.count(b"%%EOF") != 1 or b"/Prev" in trailer[:400]:
            raise ValueError(f"{name}: incremental updates are not supported")
        offsets = sorted((int(off), num) for num, (off, _, kind) in enumerate(entries)
                         if kind == b"n")
        self.objects: dict[int, bytes] = {}
        for i, (start, num) in enumerate(offsets):
            end = offsets[i + 1][0] if i + 1 < len(offsets) else xref_at
            chunk = data[start:end].rstrip()
            match = _OBJ_HEAD.match(chunk)
            if match is None or int(match.group(1)) != num or not chunk.endswith(b"endobj"):
                raise ValueError(f"{name}: object {num} not where the xref says")
            self.objects[num] = chunk[match.end():-len(b"endobj")].rstrip()
        root = _ROOT.search(trailer)
        if root is None:
            raise ValueError(f"{name}: no /Root")
        self.root = int(root.group(1))
        info = _INFO.search(trailer)
        self.info = int(info.group(1)) if info else None
        catalog = self.objects[self.root]
        pages = _PAGES.search(catalog)
        if pages is None:
            raise ValueError(f"{name}: catalog without /Pages")
        outlines = _OUTLINES.search(catalog)
        self.skip = {self.root, *([self.info] if self.info else []),
                     *([int(outlines.group(1))] if outlines else [])}
        self.pages: list[int] = []
        self._walk(int(pages.group(1)))

    def _walk(self, node: int) -> None:
        body = self.objects[node]
        if _TYPE_PAGES.search(_dict_part(body)):
            self.skip.add(node)
            kids = _KIDS.search(body)
            for ref in _REF.findall(kids.group(1) if kids else b""):
                self._walk(int(ref))
        else:
            self.pages.append(node)


def _dict_part(body: bytes) -> bytes:
    """The object's text before its stream data (all of it when it has no stream)."""
    match = _DICT_END.search(body)
    return body if match is None else body[:match.end()]


def join(parts: Sequence[Path], out: BinaryIO, *, title: str = "", producer: str = "ektp-desk"
         ) -> int:
    """Write the pages of `parts`, in order, as one PDF to `out`. Returns the page count.
    The output is byte-stable for the same inputs (its /ID is a hash of its content)."""
    digest = hashlib.md5(usedforsecurity=False)
    position = 0

    def write(data: bytes) -> None:
        nonlocal position
        out.write(data)
        digest.update(data)
        position += len(data)

    write(b"%PDF-1.4\n%\x93\x8c\x8b\x9e ektp-desk\n")
    offsets: list[int] = [0]  # offsets[n] = where object n starts; object 0 is free
    pages_node = 1  # written last, but its number is fixed up front
    offsets.append(0)
    kids: list[int] = []
    for path in parts:
        part = _Part(path.read_bytes(), path.name)
        mapping: dict[int, int] = {}
        for num in sorted(part.objects):
            if num not in part.skip:
                mapping[num] = len(offsets) + len(mapping)
        for node in part.skip:
            mapping[node] = pages_node  # a page's /Parent becomes the new Pages node

        def renumber(match: re.Match[bytes], mapping: dict[int, int] = mapping) -> bytes:
            return b"%d 0 R" % mapping[int(match.group(1))]

        for num in sorted(part.objects):
            if num in part.skip:
                continue
            body = part.objects[num]
            head = _dict_part(body)
            offsets.append(position)
            write(b"%d 0 obj\n" % mapping[num] + _REF.sub(renumber, head) + body[len(head):]
                  + b"\nendobj\n")
        kids += [mapping[p] for p in part.pages]

    offsets[pages_node] = position
    write(b"%d 0 obj\n<< /Type /Pages /Count %d /Kids [ %s ] >>\nendobj\n" % (
        pages_node, len(kids), b" ".join(b"%d 0 R" % k for k in kids)))
    catalog = len(offsets)
    offsets.append(position)
    write(b"%d 0 obj\n<< /Type /Catalog /Pages %d 0 R /PageMode /UseNone >>\nendobj\n"
          % (catalog, pages_node))
    info = len(offsets)
    offsets.append(position)
    write(b"%d 0 obj\n<< /Producer %s /Title %s >>\nendobj\n"
          % (info, _pdf_string(producer), _pdf_string(title)))
    xref_at = position
    lines = [b"xref\n0 %d\n" % len(offsets), b"0000000000 65535 f \n"]
    lines += [b"%010d 00000 n \n" % off for off in offsets[1:]]
    write(b"".join(lines))
    doc_id = digest.hexdigest().encode("ascii")
    write(b"trailer\n<< /ID [<%s> <%s>] /Info %d 0 R /Root %d 0 R /Size %d >>\n"
          b"startxref\n%d\n%%%%EOF\n" % (doc_id, doc_id, info, catalog, len(offsets), xref_at))
    return len(kids)


def _pdf_string(text: str) -> bytes:
    """A PDF text string: UTF-16BE with BOM when not plain ASCII, parentheses escaped."""
    if text.isascii():
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return b"(" + escaped.encode("ascii") + b")"
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"
