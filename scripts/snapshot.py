"""Write (or compare) the outputs of every shipped derivation: terminal report, JSON and LaTeX.

    python scripts/snapshot.py            # rewrite tests/golden/ from the current code
    python scripts/snapshot.py --check    # compare; print the files that differ (exit 1 if any)

tests/test_golden.py runs the comparison, so a refactoring that changes an output byte fails a test;
a deliberate change of output is committed together with the regenerated snapshot.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
WIDTH = 100


def outputs(path: Path) -> dict[str, str]:
    """The terminal report (at WIDTH columns), the JSON and the LaTeX of one derivation, from one check."""
    from rich.console import Console

    from symbound.api import verify
    from symbound.passes.audit import audit_for_verify
    from symbound.render.json import audit_data, to_data
    from symbound.render.latex import render as render_latex
    from symbound.render.terminal import render, render_audit, render_summary

    report = verify(path.relative_to(ROOT))  # relative: outputs name the file as a user's run would
    audit = audit_for_verify(report, timeout=10.0, removals=False)
    console = Console(width=WIDTH, highlight=False, markup=False, emoji=False)
    with console.capture() as captured:
        render(report, console, summary=False)
        render_audit(audit, console)
        render_summary(report, console)
    data = to_data(report)
    data["audit"] = audit_data(audit)
    return {"txt": captured.get(), "json": json.dumps(data, indent=2, ensure_ascii=False) + "\n",
            "tex": render_latex(report, audit)}


def derivations() -> list[Path]:
    return sorted((ROOT / "derivations").glob("*.yaml"))


def main(argv: list[str]) -> int:
    import os

    os.chdir(ROOT)
    check = "--check" in argv
    names = [a for a in argv if not a.startswith("--")]
    differ = []
    for path in derivations():
        if names and path.stem not in names:
            continue
        for ext, text in outputs(path).items():
            target = GOLDEN / f"{path.stem}.{ext}"
            if check:
                if not target.exists() or target.read_text(encoding="utf-8") != text:
                    differ.append(target.relative_to(ROOT))
            else:
                target.write_text(text, encoding="utf-8")
    for d in differ:
        print(f"differs: {d}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
