"""Personal-information detectors (政府信息公开条例 第十五条; GB 11643 / GB 32100 check digits). No MkDocs imports.

`scan_line(text)` finds, in one line of text:

* 居民身份证号码: 18 characters with a known province, a real birth date and a right GB 11643 check
  character; also the old 15-digit form (known province, real 19YYMMDD birth date);
* mobile numbers ``1[3-9]`` + 9 digits;
* bank card numbers: 16–19 digits passing Luhn (an ID number is never also reported as a card).

Text is NFKC-normalised first (full-width digits, ``Ｘ``), zero-width characters are removed, and
the usual printed groupings are joined: ``138 1234 5678``, ``110101 19900307 0011``,
``6222 0212 3456 7890 123`` (space or hyphen). Only these groupings are joined, never arbitrary
neighbouring numbers, so table columns of amounts do not merge into a false "phone number".

A number counts only as a whole token: digits touching a letter (``91110000600037341L``, a
统一社会信用代码) are not candidates, and values in ``public`` (the registry's codes) are skipped.
Masked values (``340102********1234``, ``138****1234``) are split by the ``*`` and never match.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import itertools
import re
import unicodedata

from ..base import clock
from ..base.identifiers import ID_PROVINCES, id18_is_valid, id18_shape_ok, luhn_ok, org_code_check_char, uscc_problem

ID = "PII-ID"
MOBILE = "PII-MOBILE"
BANKCARD = "PII-BANKCARD"

ID_TYPO = "PII-ID-TYPO"  # region and birth date of an ID, a wrong check char: one mistyped digit of a real number
KIND_NAMES = {ID: "居民身份证号码", ID_TYPO: "疑似抄错一位的居民身份证号码", MOBILE: "手机号码", BANKCARD: "银行卡号"}

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SEP = r"[ \-]"
# A token: an optional ASCII-letter prefix (Tel, ID) then digits with an optional trailing X.
_TOKEN_RE = re.compile(r"(?<![0-9A-Za-z])[A-Za-z]*(\d+[Xx]?)(?![0-9A-Za-z])")
_GROUPED = [
    (MOBILE, re.compile(rf"(?<!\d)(1[3-9]\d){_SEP}(\d{{4}}){_SEP}(\d{{4}})(?![\dA-Za-z])")),
    (ID, re.compile(rf"(?<!\d)(\d{{6}}){_SEP}(\d{{8}}){_SEP}(\d{{3}}[\dXx])(?![\dA-Za-z])")),
    (ID, re.compile(rf"(?<!\d)(\d{{6}}){_SEP}(\d{{4}}){_SEP}(\d{{4}}){_SEP}(\d{{3}}[\dXx])(?![\dA-Za-z])")),
    (
        BANKCARD,
        re.compile(
            rf"(?<!\d)(\d{{4}}){_SEP}(\d{{4}}){_SEP}(\d{{4}}){_SEP}(\d{{4}})(?:{_SEP}(\d{{1,3}}))?(?![\dA-Za-z])"
        ),
    ),
    (BANKCARD, re.compile(rf"(?<!\d)(\d{{6}}){_SEP}(\d{{10,13}})(?![\dA-Za-z])")),
]
_PRIORITY = {ID: 0, BANKCARD: 1, ID_TYPO: 2, MOBILE: 3}


@dataclasses.dataclass(frozen=True)
class Finding:
    kind: str  # ID, MOBILE or BANKCARD (also the Problem code)
    value: str  # the digits (and trailing X), separators removed: compare exemptions with this
    start: int  # offset in the normalised line

    @property
    def masked(self) -> str:
        return mask(self.kind, self.value)


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH)


def digits_of(value: str) -> str:
    """The comparable form of a number as written: NFKC, separators removed, X upper-case."""
    return re.sub(r"[^0-9X]", "", normalize(value).upper())


def mask(kind: str, value: str) -> str:
    """The project's one masking convention (as published 公示 lists mask them): ID keeps 6 + last 4 (the whole
    birth date hidden), mobile 3 + last 4, card first 4 + last 4."""
    if kind in (ID, ID_TYPO):
        head, tail = (6, 4) if len(value) == 18 else (6, 3)
    elif kind == MOBILE:
        head, tail = 3, 4
    else:
        head, tail = 4, 4
    return value[:head] + "*" * (len(value) - head - tail) + value[-tail:]


def _id15_ok(s: str) -> bool:
    if s[:2] not in ID_PROVINCES:
        return False
    try:
        dt.date(1900 + int(s[6:8]), int(s[8:10]), int(s[10:12]))
    except ValueError:
        return False
    return True


def looks_like_uscc(s: str) -> bool:
    """A valid 统一社会信用代码 whose embedded 组织机构代码 is valid too (public organisation data)."""
    return len(s) == 18 and uscc_problem(s) is None and org_code_check_char(s[8:16]) == s[16]


def classify(value: str, today: dt.date, public: frozenset[str] | set[str] = frozenset()) -> str | None:
    """What an unseparated number is: ID, MOBILE, BANKCARD, ID_TYPO or None."""
    value = value.upper()
    if value in public:
        return None
    n = len(value)
    if n == 18 and id18_is_valid(value, today):
        return ID
    # region and birth date of an ID with a wrong check char: one mistyped digit of a real number, which still
    # identifies the person (anyone can try the ten neighbours)
    typo = n == 18 and id18_shape_ok(value, today) and not looks_like_uscc(value)
    if not value.isdigit():
        return ID_TYPO if typo else None
    if n == 15 and _id15_ok(value):
        return ID
    if n == 11 and value[0] == "1" and value[1] in "3456789":
        return MOBILE
    if 16 <= n <= 19 and luhn_ok(value) and not looks_like_uscc(value):
        return BANKCARD
    return ID_TYPO if typo else None


_HAS_DIGIT = re.compile(r"\d")


def scan_line(
    line: str, today: dt.date | None = None, public: frozenset[str] | set[str] = frozenset(), normalized: bool = False
) -> list[Finding]:
    """Every unmasked ID, mobile and card number in one line of text."""
    text = line if normalized else normalize(line)
    if not _HAS_DIGIT.search(text):
        return []
    today = today or clock.today()
    candidates: list[tuple[int, int, str, str]] = []  # (start, end, kind, value)
    for m in _TOKEN_RE.finditer(text):
        kind = classify(m.group(1), today, public)
        if kind:
            candidates.append((m.start(1), m.end(1), kind, m.group(1).upper()))
    if _SEP_BETWEEN_DIGITS.search(text):
        for wanted, regex in _GROUPED:
            for m in regex.finditer(text):
                value = "".join(g for g in m.groups() if g).upper()
                kind = classify(value, today, public)
                if kind == wanted or (wanted == ID and kind == ID_TYPO):
                    candidates.append((m.start(), m.end(), kind, value))
    if not candidates:
        return []
    candidates.sort(key=lambda c: (_PRIORITY[c[2]], -(c[1] - c[0]), c[0]))
    taken: list[tuple[int, int]] = []
    found = []
    for start, end, kind, value in candidates:
        if any(start < e and s < end for s, e in taken):
            continue  # run ID detection first and suppress overlaps (an ID is also a card candidate)
        taken.append((start, end))
        found.append(Finding(kind, value, start))
    found.sort(key=lambda f: f.start)
    return found


_SEP_BETWEEN_DIGITS = re.compile(r"\d[ \-]\d")


def scan_text(
    text: str, first_line: int = 1, today: dt.date | None = None, public: frozenset[str] | set[str] = frozenset()
) -> list[tuple[int, Finding]]:
    """(line number, finding) for every finding in `text`, whose first line is file line `first_line`.

    Only lines holding a digit and a run that can become 11 digits under NFKC (`_raw_candidate_re`) are
    normalised and scanned: on a rendered page that is a line or two out of dozens, and NFKC of a whole
    page cost more than the scan itself."""
    if not _HAS_DIGIT.search(text):
        return []
    out = []
    done = -1  # start of the last line scanned
    for m in _raw_candidate_re().finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        if start == done:
            continue
        done = start
        end = text.find("\n", m.end())
        line = text[start:] if end < 0 else text[start:end]
        if _HAS_DIGIT.search(line):
            line_no = first_line + text.count("\n", 0, start)
            out += [(line_no, finding) for finding in scan_line(line, today, public)]
    return out


@functools.cache
def _raw_candidate_re() -> re.Pattern:
    """Matches, in text not yet normalised, every place where NFKC + zero-width removal can yield what all
    patterns of scan_line need: 11 digits with at most one space or hyphen between them. Built from the
    Unicode tables: a character giving one digit, separators and removed characters between them; or any
    character giving several digits (⑳ -> 20), after which the whole line is scanned."""
    one, several, separators, removed = [], [], [], []
    for cp in itertools.chain(range(0x30000), range(0xE0000, 0xE1000)):
        c = chr(cp)
        n = normalize(c)
        digits = len(_HAS_DIGIT.findall(n))
        if digits == 1:
            one.append(c)
        elif digits > 1:
            several.append(c)
        elif n == "":
            removed.append(c)
        elif n in (" ", "-"):
            separators.append(c)
    one = [c for c in one if not _HAS_DIGIT.match(c)]  # \\d itself is a fast category test: keep it out of the list
    d, s, z, m = map(_char_class, (one, separators, removed, several))
    d = "[\\d" + d[1:]
    return re.compile(rf"{d}(?:{z}*{s}?{z}*{d}){{10}}|{m}")


def _char_class(chars: list[str]) -> str:
    """A regex class of `chars` (in code point order) as ranges: a class of single characters is scanned linearly."""
    ranges: list[list[int]] = []
    for cp in map(ord, chars):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return (
        "["
        + "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
        + "]"
    )
