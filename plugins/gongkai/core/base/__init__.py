"""Building blocks with no knowledge of the content model: the Problem every message is made of (file, line,
field, message, fix), field readers and the record reader built on them, the strict YAML front-matter
reader, checksums of Chinese identifiers (身份证号, 统一社会信用代码), the official working-day calendar,
公开时限 phrasings as rules, the clock (China time, the build's as-of date) and build progress reporting.
"""
