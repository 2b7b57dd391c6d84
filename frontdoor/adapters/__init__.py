"""Adapters: the core's ports (:mod:`frontdoor.ports`) over the database, Redis and SMTP.

- :mod:`frontdoor.adapters.db_queue`: the job queue in the database (the default).
- :mod:`frontdoor.adapters.redis_queue`: the job queue on Redis (``REDIS_URL``).
- :mod:`frontdoor.adapters.smtp`: e-mail over SMTP (``SMTP_*``).

The composition root (:mod:`frontdoor.bootstrap`) picks and plugs them in.
"""
