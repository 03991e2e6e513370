"""gongkai: a static site generator for Chinese grassroots government-affairs disclosure (基层政务公开) sites.

The layers, lowest first (ARCHITECTURE.md): `core` (engine-neutral: base → model → sources → checks,
compliance, search → site → publish, and `core.pipeline`), `engine` (the only code that imports MkDocs) and
`cli` (thin click commands).
"""

import os

TEMPLATES_DIR = os.path.join(os.path.dirname(__file__), "templates")  # Jinja templates and static assets
