"""How long `gongkai report` takes against a full `gongkai build` of the same site (issue 8's target: < 1/10).

Usage: python scripts/bench_report.py [SITE_ROOT]   (default: the repository's demo). A benchmark, not a test.
"""

import os
import subprocess
import sys
import tempfile
import time


def timed(args, cwd):
    started = time.perf_counter()
    subprocess.run(args, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - started


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))
    with tempfile.TemporaryDirectory() as tmp:
        build = timed([sys.executable, "-m", "gongkai", "build", "-q", "-d", os.path.join(tmp, "site")], root)
        report = timed([sys.executable, "-m", "gongkai", "report", "--output-dir", os.path.join(tmp, "report")], root)
    print(f"gongkai build {build:.1f} s, gongkai report {report:.2f} s, ratio {report / build:.3f} (target < 0.1)")


if __name__ == "__main__":
    main()
