"""symbound's operators, one module each; importing the package registers them all (``registry``).

A module declares its operator once — parse names, arity, terminal and LaTeX forms, numeric and exact
evaluation, sign and monotonicity facts, repair alternatives — and the parser, printers, evaluator,
falsifier and repairs read the declarations.  See docs/extending.md.  This package imports only
sympy, numpy and ``symbound.errors``.
"""

from __future__ import annotations

from symbound.ops import activations, coordinate, diag, elementary, exponential, hadamard, inner, inverse, jacobian, logarithm, max_abs, maxima, norm, product, sequence, singular_values, spectral_radius, sums, transpose
from symbound.ops.activations import KNOWN, Elementwise, ScalarApply, applied
from symbound.ops.coordinate import Coordinate
from symbound.ops.base import NonnegativeScalar, name_latex, shape_text, singular_values_exact
from symbound.ops.diag import Diag
from symbound.ops.greek import GREEK, SPELLED, spelled, unicode_name
from symbound.ops.hadamard import Hadamard
from symbound.ops.inner import Inner
from symbound.ops.jacobian import Jacobian
from symbound.ops.max_abs import MaxAbs
from symbound.ops.norm import INDUCED_NORMS, NORM_ALIASES, NORM_KINDS, NORM_LATEX, NORM_SUB, Norm, NormKindVar
from symbound.ops.product import BINDERS, MatProd, Ranged
from symbound.ops.registry import REGISTRY, Op, alternatives, classes, function_names, hook, latex_heads, latex_infix, of, parser, register, reserved, unregister
from symbound.ops.sequence import SeqElem
from symbound.ops.singular_values import SigmaMax, SigmaMin
from symbound.ops.spectral_radius import SpectralRadius
from symbound.ops.sums import MatSum

__all__ = [
    "BINDERS", "Coordinate", "GREEK", "INDUCED_NORMS", "KNOWN", "NORM_ALIASES", "NORM_KINDS", "NORM_LATEX", "NORM_SUB", "REGISTRY", "SPELLED",
    "Diag", "Elementwise", "Hadamard", "Inner", "Jacobian", "MatProd", "MatSum", "MaxAbs", "NonnegativeScalar", "Norm", "NormKindVar", "Op",
    "Ranged", "ScalarApply", "SeqElem", "SigmaMax", "SigmaMin", "SpectralRadius",
    "activations", "alternatives", "applied", "classes", "coordinate", "diag", "elementary", "exponential", "function_names", "hadamard", "hook", "inner", "inverse",
    "jacobian", "latex_heads", "latex_infix", "logarithm", "max_abs", "maxima", "name_latex", "norm", "of", "parser", "product", "register", "reserved", "sequence",
    "shape_text", "singular_values", "singular_values_exact", "spectral_radius", "spelled", "sums", "transpose", "unicode_name",
    "unregister",
]
