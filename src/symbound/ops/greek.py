"""The Greek letters, one table: the name a file declares (gamma), the letter a paper writes (γ).

The parser reads letters as names (γ → gamma), the terminal prints names as letters, and LaTeX
writes them as commands (\\gamma).  Omicron is left out: LaTeX has no command for it.
"""

from __future__ import annotations

GREEK: dict[str, str] = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "zeta": "ζ", "eta": "η", "theta": "θ",
    "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ",
    "tau": "τ", "upsilon": "υ", "phi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ",
    "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}
SPELLED: dict[str, str] = {letter: name for name, letter in GREEK.items()}  # γ → gamma


def spelled(text: str) -> str:
    """Every Greek letter in ``text`` by its name: λ_1 → lambda_1."""
    return "".join(SPELLED.get(c, c) for c in text)


_SUB = str.maketrans("0123456789+-", "₀₁₂₃₄₅₆₇₈₉₊₋")


def unicode_name(n: str) -> str:
    """A name with Greek letters and digit subscripts: lambda_1 → λ₁, gamma → γ, W_rec stays."""
    head, _, tail = n.partition("_")
    head = GREEK.get(head, head)
    if tail.isdigit():
        return head + tail.translate(_SUB)
    return head + ("_" + tail if tail else "")
