"""Routing (DESIGN §5): referral facts + routing table → owning inbox and copies.

The table is data (``data/routing.yaml`` by default, any file through the
``ROUTING_TABLE`` setting): areas with their gazetteer of place names, the inbox
serving each agency in each area, each area's out-of-hours contact, ordered
rules choosing the owning agency, and copy rules adding info-only copies, and the professional e-mail domains
(``known_domains``) an e-mail naming no place is routed by.
:meth:`RoutingTable.route` is pure.

Out of hours: every inbox's ``hours`` are read (:mod:`frontdoor.hours`). A red
referral received while its owning inbox is closed is also sent to the area's
out-of-hours contact (the police gangs SPOC or an emergency duty team, which
must be open around the clock), who is alerted and may acknowledge it.

- :mod:`~frontdoor.routing.model`: inboxes, areas, rules, the facts routed on;
- :mod:`~frontdoor.routing.loading`: reading and validating the table's data;
- :mod:`~frontdoor.routing.table`: the :class:`RoutingTable`, its lookups and :meth:`~RoutingTable.route`.
"""

from frontdoor.routing.model import Area, AreaMatch, Condition, Inbox, KnownDomain, RoutingFacts, Rule
from frontdoor.routing.table import RoutingTable

__all__ = ["Area", "AreaMatch", "Condition", "Inbox", "KnownDomain", "RoutingFacts", "RoutingTable", "Rule"]
