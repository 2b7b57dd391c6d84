"""Related referrals: keyed match keys, proposals a person confirms or dismisses, and linked chronologies.

- :mod:`frontdoor.services.related.keys`: normalising and keyed hashing (pure).
- :class:`RelatedService` (``core.related``): match keys on submission and by backfill,
  the referral page's proposals and links, confirm and dismiss.
"""

from frontdoor.services.related.keys import REASONS
from frontdoor.services.related.service import (
    ChronologyEntry,
    RelatedPanel,
    RelatedReferral,
    RelatedService,
)
from frontdoor.store.related import CONFIRMED, DISMISSED

__all__ = ["CONFIRMED", "DISMISSED", "REASONS", "ChronologyEntry", "RelatedPanel", "RelatedReferral",
           "RelatedService"]
