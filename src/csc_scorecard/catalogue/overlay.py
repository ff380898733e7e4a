"""The council's indicator overlay (include, exclude, order) applied on top of the catalogue.

Renames are a matter of presentation and are applied when rendering, so a renamed indicator keeps
its definition hash. Local indicators need a full catalogue record and are not read from the
configuration yet.
"""

from __future__ import annotations

from collections.abc import Sequence

from csc_scorecard.catalogue.model import Catalogue


def apply_overlay(
    catalogue: Catalogue, include: Sequence[str] = (), exclude: Sequence[str] = (), order: Sequence[str] = ()
) -> Catalogue:
    """The catalogue with only `include` (all when empty), without `exclude`, `order` first."""
    kept = [i for i in catalogue.indicators if (not include or i.ref in include) and i.ref not in exclude]
    first = [i for ref in order for i in kept if i.ref == ref]
    rest = [i for i in kept if i.ref not in order]
    return Catalogue(indicators=tuple(first + rest))
