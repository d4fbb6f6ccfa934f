#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs symbound with its test dependencies, a minimal
# TeX distribution when pdflatex is missing (the LaTeX tests compile real output), Graphviz and Chromium
# when missing (the HTML tests), then runs pytest.
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

# the HTML tests lay the proof map out with Graphviz's dot and load the page in a headless Chromium
if ! command -v dot >/dev/null 2>&1 || ! command -v chromium >/dev/null 2>&1; then
  echo "dot or chromium not found: installing graphviz, chromium, chromium-driver" >&2
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends graphviz chromium chromium-driver >/dev/null
  else
    echo "cannot install graphviz/chromium here (needs apt-get as root); the HTML tests will fail, not skip" >&2
  fi
fi

# pyproject.toml leaves the tests marked slow out; `bash scripts/test.sh -m slow` runs only those.
# The tests run on every core (pytest-xdist's `-n auto`); `-n 0` after it runs them in this one process.
python -m pytest -n auto "$@"
