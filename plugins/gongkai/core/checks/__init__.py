"""Checks that stop a mistake before it is published. `content.run_checks` is `gongkai check` and stage 2 of
every build: fields, references, dates, attachments, links and anchors, scripts, personal information
(also inside PDF/DOCX/XLSX attachments) and changed 索引号. `release` checks the built site (links, anchors,
foreign hosts, personal information in rendered pages); `external` finds anything a page would load from
another host.
"""
