"""Services directory (signposting) in the Open Referral UK shape.

Young people and the adults around them are signposted to services that can
help: local youth services and YOTs first, then services covering the wider
region, then national helplines. The directory is data: a JSON file in the
Open Referral UK (ORUK) shape, the packaged demo dataset
(``data/directory.json``) until an administrator imports their own with
``frontdoor directory import FILE``. The shapes accepted are listed in
:mod:`frontdoor.directory.oruk`.

A service uses the ORUK fields ``id``, ``name``, ``description``, ``url``,
``email``, ``status``, ``regular_schedules``, ``eligibilities``,
``service_areas``, ``languages`` and ``service_taxonomies``, plus from HSDS 3
``phones`` (also read from ``contacts[].phones``), ``application_process``
(how to refer) and ``eligibility_description``. Service areas are area ids of
the routing table, region ids (the routing table's region names in
lower case with ``_`` for spaces, e.g. ``london``) or ``national``; area and
region names are accepted too. Needs are taxonomy terms of the
``frontdoor-needs`` vocabulary (:data:`NEEDS`), plus ``safety_net`` for the
services always offered when nothing else fits (999, 101, Childline).

:meth:`Directory.to_mapping` writes the first shape back; loading an export
gives an equal directory and exporting it again gives the same JSON.

- :mod:`~frontdoor.directory.model`: needs, organisations, services, a match;
- :mod:`~frontdoor.directory.validation`: reading and checking each record;
- :mod:`~frontdoor.directory.oruk`: the ORUK shapes, read and written;
- :mod:`~frontdoor.directory.catalogue`: the :class:`Directory`, loading, storing and matching;
- :mod:`~frontdoor.directory.opening`: which services are open now, and matches ordered open first.
"""

from frontdoor.directory.catalogue import Directory, area_regions, region_id, store, stored_path
from frontdoor.directory.model import (
    GENDERS,
    NATIONAL,
    NEEDS,
    NEEDS_VOCABULARY,
    SAFETY_NET,
    STORED_NAME,
    WEEKDAYS,
    Eligibility,
    InvalidDirectory,
    Match,
    Organisation,
    Phone,
    RegularSchedule,
    Schedule,
    Service,
)
from frontdoor.directory.opening import OpenNow, open_first, opening_hours
from frontdoor.directory.validation import STATUSES, valid_phone

__all__ = [
    "GENDERS",
    "NATIONAL",
    "NEEDS",
    "NEEDS_VOCABULARY",
    "SAFETY_NET",
    "STATUSES",
    "STORED_NAME",
    "WEEKDAYS",
    "Directory",
    "Eligibility",
    "InvalidDirectory",
    "Match",
    "OpenNow",
    "Organisation",
    "Phone",
    "RegularSchedule",
    "Schedule",
    "Service",
    "area_regions",
    "open_first",
    "opening_hours",
    "region_id",
    "store",
    "stored_path",
    "valid_phone",
]
