"""Who is responsible for the personal data Front Door holds: the controller and its data protection officer.

A setting (:attr:`frontdoor.config.Settings.controller`), read from ``FRONTDOOR_CONTROLLER_NAME``,
``_ADDRESS``, ``_EMAIL``, ``_PHONE``, ``FRONTDOOR_DPO_NAME`` and ``FRONTDOOR_DPO_EMAIL``, each with a
demonstration value; the privacy notice and the accessibility statement show it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

#: The environment variables of the controller's details, by field, with their demonstration values.
CONTROLLER_ENV: Mapping[str, tuple[str, str]] = {
    "name": ("FRONTDOOR_CONTROLLER_NAME", "Front Door Demonstration Community Safety Partnership"),
    "address": ("FRONTDOOR_CONTROLLER_ADDRESS", "Civic Offices, 1 Example Street, Exampletown EX1 1AA"),
    "email": ("FRONTDOOR_CONTROLLER_EMAIL", "contact@frontdoor.example.org.uk"),
    "phone": ("FRONTDOOR_CONTROLLER_PHONE", "020 7946 0900"),
    "dpo_name": ("FRONTDOOR_DPO_NAME", "Data Protection Officer"),
    "dpo_email": ("FRONTDOOR_DPO_EMAIL", "dpo@frontdoor.example.org.uk"),
}


@dataclass(frozen=True)
class Controller:
    """Who is responsible for the personal data (the controller) and its data protection officer."""

    name: str = CONTROLLER_ENV["name"][1]
    address: str = CONTROLLER_ENV["address"][1]
    email: str = CONTROLLER_ENV["email"][1]
    phone: str = CONTROLLER_ENV["phone"][1]
    dpo_name: str = CONTROLLER_ENV["dpo_name"][1]
    dpo_email: str = CONTROLLER_ENV["dpo_email"][1]

    @property
    def is_demo(self) -> bool:
        """True while the controller's name is still the demonstration one."""
        return self.name == CONTROLLER_ENV["name"][1]

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Controller:
        """Return the controller named in ``env``, each field unset or blank keeping its demonstration value."""
        given = {key: " ".join(env.get(name, "").split()) for key, (name, _) in CONTROLLER_ENV.items()}
        return cls(**{key: value for key, value in given.items() if value})
