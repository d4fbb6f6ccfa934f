#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs symbound with its test dependencies, a minimal
# TeX distribution when pdflatex is missing (the LaTeX tests compile real output), then runs pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

python -m pip install --quiet --disable-pip-version-check -e ".[test]"

if ! command -v pdflatex >/dev/null 2>&1; then
  echo "pdflatex not found: installing a minimal TeX Live (texlive-latex-base, -recommended, fonts)" >&2
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      texlive-latex-base texlive-latex-recommended texlive-fonts-recommended >/dev/null
  else
    echo "cannot install TeX here (needs apt-get as root); the LaTeX tests will fail, not skip" >&2
  fi
fi

# pyproject.toml leaves the tests marked slow out; `bash scripts/test.sh -m slow` runs only those
python -m pytest "$@"
