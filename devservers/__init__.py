"""Local servers for development and the tests: PostgreSQL, Redis and dovecot.

Each is started from a directory of our own on a loopback port, never as the
system's service, and stopped by :func:`devservers.processes.stop`.
"""
