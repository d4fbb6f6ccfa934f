"""A case split on relu's sign with interval premises (issue 24, class 3: Wong & Kolter's upper face
−uẑ + (u − ℓ)relu(ẑ) ≤ −uℓ from ℓ ≤ ẑ ≤ u, ℓ < 0 < u): each branch's goal by a linear certificate over the
facts and the branch's assumption with nlinarith's products (symbound.search.cases with search.linear); false
faces stay unproved."""

from __future__ import annotations

import pytest

from conftest import one_link_status

HEADER = """
symbols:
  zh: {kind: scalar}
  l: {kind: scalar}
  u: {kind: scalar}
  relu: {kind: activation, function: relu}
definitions:
  face: {value: -u * zh + (u - l) * relu(zh)}
premises:
  crossing: "l < 0 < u"
  bounds: "l <= zh <= u"
"""


@pytest.mark.parametrize("start, rel, end", [
    ("-u * zh + (u - l) * relu(zh)", "<=", "-u * l"),   # the paper's face
    ("face", "<=", "-u * l"),                            # through a definition
    ("(u - l) * relu(zh)", "<=", "u * (zh - l)"),        # rearranged
    ("-u * zh + (u - l) * max(zh, 0)", "<=", "-u * l"),  # relu written as max
])
def test_the_upper_face_of_the_relu_triangle(tmp_path, start, rel, end):
    assert one_link_status(tmp_path, HEADER, start, rel, end) == "proved"


@pytest.mark.parametrize("start, rel, end", [
    ("-u * zh + (u - l) * relu(zh)", "<=", "-u * l - 1"),
    ("(u - l) * relu(zh)", "<=", "u * zh"),
    ("relu(zh)", "<=", "zh"),
])
def test_false_faces(tmp_path, start, rel, end):
    assert one_link_status(tmp_path, HEADER, start, rel, end) == "unproved"


def test_the_face_needs_the_crossing(tmp_path):
    """Without u > 0 the face fails (ℓ = −1, u = ẑ = −½: −¼ > −½): no proof."""
    header = HEADER.replace('crossing: "l < 0 < u"', 'crossing: "l < 0"')
    assert one_link_status(tmp_path, header, "-u * zh + (u - l) * relu(zh)", "<=", "-u * l") == "unproved"


def test_the_face_among_many_premises(tmp_path):
    """More premises about ℓ, u and ẑ than the products have slots for: the face is still proved."""
    header = HEADER.replace('  bounds: "l <= zh <= u"\n', '  bounds: "l <= zh <= u"\n  wide: "-10 <= l"\n  top: "u <= 10"\n'
                            '  far: "-20 <= zh <= 20"\n  order: "l <= u"\n')
    assert one_link_status(tmp_path, header, "-u * zh + (u - l) * relu(zh)", "<=", "-u * l") == "proved"
