"""QR code of a page's canonical URL as inline SVG, for the printed copy of a page (no MkDocs imports).

A notice printed for a 村务公开栏 carries the code, so a reader with a phone reaches the online version
(and later 解读 or corrections). segno (pure Python) encodes; we draw the SVG ourselves as one path of
horizontal runs, which is several times faster than segno's writer. The mask is fixed (pattern 0, which
the standard allows): evaluating all eight masks made encoding ~7× slower for no practical gain at
these sizes. About 2 ms per page (docs/public-site.md).
"""

from __future__ import annotations

from xml.sax.saxutils import escape

import segno

BORDER = 4  # quiet zone in modules, as the standard requires


def qr_svg(url: str, title: str = "本页网址二维码", size_px: int = 132) -> str:
    """Inline <svg> (no XML declaration) encoding `url` with error correction M."""
    matrix = segno.make(url, error="m", micro=False, mask=0, boost_error=False).matrix
    n = len(matrix) + 2 * BORDER
    runs = []
    for y, row in enumerate(matrix):
        x, width = 0, len(row)
        while x < width:
            if row[x] & 1:
                start = x
                while x < width and row[x] & 1:
                    x += 1
                runs.append(f"M{start + BORDER} {y + BORDER}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {n} {n}" width="{size_px}" height="{size_px}" '
            f'class="gk-qr__svg" role="img" aria-label="{escape(title)}" shape-rendering="crispEdges">'
            f'<rect width="{n}" height="{n}" fill="#fff"/><path fill="#000" d="{"".join(runs)}"/></svg>')


def _encode_many(urls: list[str]) -> dict[str, str]:
    return {url: qr_svg(url) for url in urls}


class QrBatch:
    """QR codes of URLs known before rendering, encoded meanwhile by a worker process (`executor`).

    MkDocs renders on one core; encoding 20k codes (~2 ms each) on the second core takes them off
    the build's critical path. `svg(url)` waits for the chunk holding `url`, and encodes inline
    anything that was not submitted (or everything, without an executor).
    """

    def __init__(self, urls: list[str], executor=None, chunk: int = 500):
        self._done: dict[str, str] = {}
        self._pending: dict[str, object] = {}  # url -> future of its chunk
        if executor is None or len(urls) < chunk:
            return
        for i in range(0, len(urls), chunk):
            part = urls[i:i + chunk]
            future = executor.submit(_encode_many, part)
            for url in part:
                self._pending[url] = future

    def svg(self, url: str) -> str:
        if url not in self._done:
            future = self._pending.pop(url, None)
            if future is not None:
                self._done.update(future.result())
            else:
                self._done[url] = qr_svg(url)
        return self._done[url]
