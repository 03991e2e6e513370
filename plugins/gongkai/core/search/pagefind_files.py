"""Pagefind 1.5's data files (pf_meta, pf_index, pf_filter, pf_fragment) read and written (no MkDocs imports).

Each is gzip around the signature ``pagefind_dcd`` and one CBOR item (pagefind/src/output/mod.rs). A minimal CBOR
codec for the types Pagefind uses (integers, strings, byte strings, arrays, maps, booleans) is enough; files are
written with gzip mtime 0, so the same content gives the same bytes.
"""

from __future__ import annotations

import gzip
import struct

SIGNATURE = b"pagefind_dcd"


def item_head(b: bytes, i: int) -> tuple[int, int, int]:
    """(major type, argument, offset after the head) of the CBOR item at i: the argument is the integer, the length
    of a string or array, or the simple value (20 false, 21 true, 22 null)."""
    ib = b[i]
    major, info = ib >> 5, ib & 31
    i += 1
    if info < 24:
        return major, info, i
    if info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        return major, int.from_bytes(b[i : i + size], "big"), i + size
    if major == 7 and info in (20, 21, 22):
        return major, info, i
    raise ValueError(f"unsupported CBOR item 0x{ib:02x}")


def decode(b: bytes, i: int = 0):
    major, n, i = item_head(b, i)
    if major == 0:
        return n, i
    if major == 1:
        return -1 - n, i
    if major == 2:
        return bytes(b[i : i + n]), i + n
    if major == 3:
        return b[i : i + n].decode("utf-8"), i + n
    if major == 4:
        out = []
        for _ in range(n):
            value, i = decode(b, i)
            out.append(value)
        return out, i
    if major == 5:
        out = {}
        for _ in range(n):
            key, i = decode(b, i)
            out[key], i = decode(b, i)
        return out, i
    if major == 7:
        return {20: False, 21: True, 22: None}[n], i
    raise ValueError(f"unsupported CBOR major type {major}")


def head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if n < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | info]) + struct.pack(fmt, n)
    raise ValueError("integer too large")


def encode(value) -> bytes:
    if value is False or value is True or value is None:
        return bytes([0xE0 | {False: 20, True: 21, None: 22}[value]])
    if isinstance(value, int):
        return head(0, value) if value >= 0 else head(1, -1 - value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return head(3, len(raw)) + raw
    if isinstance(value, bytes):
        return head(2, len(value)) + value
    if isinstance(value, list):
        return head(4, len(value)) + b"".join(encode(v) for v in value)
    if isinstance(value, dict):
        return head(5, len(value)) + b"".join(encode(k) + encode(v) for k, v in value.items())
    raise TypeError(type(value))


# Bytes taken by a CBOR item whose first byte is the index, when it is an integer (major type 0 or 1); 0 otherwise
_INT_SIZE = bytes(
    ({24: 2, 25: 3, 26: 5, 27: 9}.get(ib & 31, 0) if ib & 31 >= 24 else 1) if ib >> 5 in (0, 1) else 0
    for ib in range(256)
)


def skip(b: bytes, i: int) -> int:
    """Where the CBOR item at offset i ends, without building its value. An index chunk is mostly integers (word
    positions): one table lookup steps over each, several times faster than `decode`."""
    pending = 1
    while pending:
        ib = b[i]
        size = _INT_SIZE[ib]
        pending -= 1
        if size:
            i += size
            continue
        # item_head inlined: a call per array head costs 0.4 s more on a 20k year bundle (10 MB), in every rebuild
        major, info = ib >> 5, ib & 31
        i += 1
        if info < 24:
            n = info
        elif info in (24, 25, 26, 27):
            width = 1 << (info - 24)
            n = int.from_bytes(b[i : i + width], "big")
            i += width
        else:
            raise ValueError(f"unsupported CBOR item 0x{ib:02x}")
        if major == 4:
            pending += n
        elif major == 5:
            pending += 2 * n
        elif major in (2, 3):
            i += n
    return i


def read_pagefind_data(path: str) -> bytes:
    """The CBOR bytes of a Pagefind data file (after the signature)."""
    with open(path, "rb") as fh:
        raw = gzip.decompress(fh.read())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path}: not a Pagefind data file")
    return raw[len(SIGNATURE) :]


def read_pagefind_cbor(path: str):
    """The value of a Pagefind CBOR file (pf_meta, pf_index, pf_filter): gzip, signature, one CBOR item."""
    raw = read_pagefind_data(path)
    value, end = decode(raw)
    if end != len(raw):
        raise ValueError(f"{path}: trailing data")
    return value


def write_pagefind_data(path: str, cbor: bytes, level: int = 9) -> bytes:
    """Write CBOR bytes as a Pagefind data file; return the uncompressed bytes (what names are hashed from)."""
    data = SIGNATURE + cbor
    with open(path, "wb") as fh:
        fh.write(gzip.compress(data, compresslevel=level, mtime=0))
    return data


def write_pagefind_cbor(path: str, value) -> bytes:
    """Write `value` as a Pagefind data file; return the uncompressed bytes (what names are hashed from)."""
    return write_pagefind_data(path, encode(value))
