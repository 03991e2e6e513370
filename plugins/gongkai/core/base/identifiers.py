"""Check characters of Chinese identifiers (no MkDocs imports).

Algorithms of the national standards:

* 统一社会信用代码 (GB 32100-2015): 18 chars over a 31-symbol alphabet, MOD 31 check.
* 组织机构代码 (GB 11714-1997): 8 body chars + MOD 11 check char (embedded in the USCC).
* 居民身份证号码 (GB 11643-1999): ISO 7064 MOD 11-2 check char.
* Luhn (bank card numbers).
"""

from __future__ import annotations

import datetime as _dt
import re

from . import clock

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]

ORG_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"
ID_PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83".split()
)


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=False))
    return USCC_CHARS[(31 - total % 31) % 31]


def org_code_check_char(first8: str) -> str:
    c = 11 - sum(ORG_CHARS.index(ch) * w for ch, w in zip(first8, ORG_WEIGHTS, strict=False)) % 11
    return {10: "X", 11: "0"}.get(c, str(c))


def uscc_problem(code: str) -> str | None:
    """Return None for a valid 统一社会信用代码, else a short Chinese reason."""
    if len(code) != 18:
        return f"长度应为 18 位，实为 {len(code)} 位"
    bad = [c for c in code if c not in USCC_CHARS]
    if bad:
        return f"含有不允许的字符 {''.join(sorted(set(bad)))}（统一社会信用代码不使用 I、O、S、V、Z 和小写字母）"
    if not code[2:8].isdigit():
        return "第 3–8 位应为行政区划代码（6 位数字）"
    if uscc_check_char(code[:17]) != code[17]:
        return f"校验位错误：按 GB 32100 计算应为 {uscc_check_char(code[:17])}"
    return None


def make_uscc(prefix2: str, region6: str, org_body8: str) -> str:
    """Build a checksum-valid USCC from its parts (used for synthetic registries)."""
    org9 = org_body8 + org_code_check_char(org_body8)
    first17 = prefix2 + region6 + org9
    return first17 + uscc_check_char(first17)


def id_check_char(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=False)) % 11]


def id18_shape_ok(s: str, today: _dt.date | None = None) -> bool:
    """An 18-char 身份证号 with a known province and a real birth date, whatever its check char says."""
    if not re.fullmatch(r"\d{17}[\dXx]", s) or s[:2] not in ID_PROVINCES:
        return False
    try:
        born = _dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    return _dt.date(1850, 1, 1) <= born <= (today or clock.today())


def id18_is_valid(s: str, today: _dt.date | None = None) -> bool:
    """True for an 18-char 身份证号 with a known province, a real birth date and a right check char."""
    return id18_shape_ok(s, today) and id_check_char(s[:17]) == s[17].upper()


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        x = int(ch)
        if i % 2:
            x = x * 2 - 9 if x > 4 else x * 2
        total += x
    return total % 10 == 0
