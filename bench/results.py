"""bench/RESULTS.md: each benchmark owns one section between its own markers."""

from __future__ import annotations

import os
import platform
import re
from pathlib import Path

from lib import BENCH_DIR

RESULTS = BENCH_DIR / "RESULTS.md"
_HEADER = (
    "# Stem benchmark results\n\n"
    "Written by the scripts in `bench/` (see `bench/README.md`). Each script replaces only\n"
    "its own section, between its `<!-- name:start -->` and `<!-- name:end -->` markers;\n"
    "anything outside the markers is kept, so notes and other sections can be added by hand.\n"
)


def machine() -> str:
    """nproc, the CPU model and the Python version, for the results header."""
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        match = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        if match:
            model = match.group(1).strip()
    return (f"{os.cpu_count()} CPUs ({model}), {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def write_section(name: str, body: str, path: Path = RESULTS) -> None:
    """Replace (or append) the section between `<!-- name:start -->` and `<!-- name:end -->`."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{body.strip()}\n{end}"
    text = path.read_text() if path.exists() else _HEADER
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1]
        text = before + block + after
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text)


def table(header: list[str], rows: list[list[str]], left: int = 1) -> str:
    """A Markdown table; the first `left` columns are left-aligned, the rest right-aligned."""
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join(["---"] * left + ["---:"] * (len(header) - left)) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def kb(n: int) -> str:
    return f"{n / 1024:.1f} KB"
