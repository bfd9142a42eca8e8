"""Regenerate docs/export.png, the picture of `cmaplan export html` in README.md.

Run from the repository root, with headless Chromium installed (Debian: chromium-headless-shell):
    python scripts/export_screenshot.py [OUTPUT]
It exports the same plan as docs/timeline.svg (scripts/timeline_svg.py) as a web page and takes
a screenshot of its top in a real browser.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from timeline_svg import ROOT, TODAY, demo_plan

from cmaplan.core.schedule import forecast
from cmaplan.views.exports import export


def main(output: Path) -> None:
    browser = shutil.which("chromium-headless-shell") or shutil.which("chromium")
    if browser is None:
        sys.exit("no headless Chromium found (Debian: apt-get install chromium-headless-shell)")
    plan = demo_plan()
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "plan.html"
        page.write_bytes(export("html", plan, forecast(plan, TODAY)))
        subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--window-size=1100,1300",
                f"--screenshot={output}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "export.png")
