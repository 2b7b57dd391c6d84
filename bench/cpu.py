"""CPU use of process trees, read from ``/proc`` (Linux), for the benchmarks.

Each named process counts with all its descendants (but not the descendants
that are named themselves), its own time and the time of children it has
waited for, so a worker that ends mid-measurement is not lost. What the named
trees do not account for of the machine's busy time is reported under
:data:`OTHERS`: on a shared machine, the other work.

    before = cpu_ticks(roots); ...; used = cores_used(before, cpu_ticks(roots), seconds, hertz())
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

#: The name of the CPU used by every other process on the machine (other work on a shared machine).
OTHERS = "everything else"


def hertz() -> int:
    """Return the clock ticks per second that ``/proc`` counts CPU time in."""
    return os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class ProcStat:
    """What the CPU accounting needs from one ``/proc/<pid>/stat`` line."""

    pid: int
    ppid: int
    #: user + system time of the process and of its children it has waited for, in clock ticks.
    ticks: int


def parse_stat(text: str) -> ProcStat:
    """Return the pid, parent and CPU ticks of a ``/proc/<pid>/stat`` line.

    The command name (field 2) may hold spaces and brackets, so the fields are
    counted from the last ``)``.

    Raises:
        ValueError: not a stat line.
    """
    head, close, tail = text.rpartition(")")
    if not close or "(" not in head:
        raise ValueError(f"not a /proc/<pid>/stat line: {text[:80]!r}")
    fields = tail.split()  # fields[0] is field 3 (state)
    if len(fields) < 15:
        raise ValueError(f"not a /proc/<pid>/stat line: {text[:80]!r}")
    utime, stime, cutime, cstime = (int(value) for value in fields[11:15])
    return ProcStat(pid=int(head.split("(", 1)[0]), ppid=int(fields[1]), ticks=utime + stime + cutime + cstime)


def tree_ticks(stats: Mapping[int, ProcStat], root: int, exclude: Iterable[int] = ()) -> int:
    """Return the CPU ticks of ``root`` and all its descendants, leaving out the trees under ``exclude``.

    A process gone from ``stats`` counts 0 (its time is in its parent's, once waited for).
    """
    children: dict[int, list[int]] = {}
    for stat in stats.values():
        children.setdefault(stat.ppid, []).append(stat.pid)
    skip = set(exclude) - {root}
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        if pid in skip or pid not in stats:
            continue
        total += stats[pid].ticks
        todo.extend(children.get(pid, []))
    return total


def busy_ticks(proc_stat: str) -> int:
    """Return the machine's busy CPU ticks so far (all but idle and iowait) from the text of ``/proc/stat``.

    Raises:
        ValueError: no ``cpu`` line.
    """
    for line in proc_stat.splitlines():
        name, *values = line.split()
        if name == "cpu":
            ticks = [int(value) for value in values[:8]]  # user nice system idle iowait irq softirq steal
            return sum(ticks) - ticks[3] - ticks[4]
    raise ValueError("no cpu line in /proc/stat")


def cores_used(before: Mapping[str, int], after: Mapping[str, int], seconds: float, hertz: int) -> dict[str, float]:
    """Return each process's CPU use over ``seconds`` as cores busy (1.0 = one core all the time)."""
    return {name: (after[name] - before.get(name, 0)) / hertz / seconds for name in after}


def read_stats(proc: Path = Path("/proc")) -> dict[int, ProcStat]:
    """Return every running process's :class:`ProcStat` (processes that end while being read are left out)."""
    stats = {}
    for entry in proc.iterdir():
        if entry.name.isdigit():
            try:
                stat = parse_stat((entry / "stat").read_text())
            except (OSError, ValueError):
                continue
            stats[stat.pid] = stat
    return stats


def cpu_ticks(roots: Mapping[str, int], proc: Path = Path("/proc")) -> dict[str, int]:
    """Return the CPU ticks so far of each named process tree (each without the other named ones) and of the rest.

    The rest, under :data:`OTHERS`, is the machine's busy time less the named trees'.
    """
    machine = busy_ticks((proc / "stat").read_text())
    stats = read_stats(proc)
    ticks = {name: tree_ticks(stats, pid, exclude=roots.values()) for name, pid in roots.items()}
    ticks[OTHERS] = machine - sum(ticks.values())
    return ticks


def listening_inodes(table: str, port: int) -> set[int]:
    """Return the inodes of the sockets listening on TCP ``port``, from the text of ``/proc/net/tcp`` or ``tcp6``."""
    inodes = set()
    for line in table.splitlines()[1:]:
        fields = line.split()  # sl local_address rem_address st ... inode (the tenth)
        if len(fields) > 9 and fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
            inodes.add(int(fields[9]))
    return inodes


def socket_owner(inodes: set[int], proc: Path = Path("/proc")) -> int | None:
    """Return the main process holding one of the sockets ``inodes`` (not a child that inherited it), or None."""
    wanted = {f"socket:[{inode}]" for inode in inodes}
    owners = set()
    for entry in proc.iterdir():
        if entry.name.isdigit():
            try:
                if any(os.readlink(fd) in wanted for fd in (entry / "fd").iterdir()):
                    owners.add(int(entry.name))
            except OSError:
                continue
    stats = read_stats(proc)
    heads = [pid for pid in owners if pid in stats and stats[pid].ppid not in owners]
    return min(heads, default=None)


def tcp_server(port: int, proc: Path = Path("/proc")) -> int | None:
    """Return the process listening on TCP ``port``, or None."""
    inodes: set[int] = set()
    for table in ("tcp", "tcp6"):
        try:
            inodes |= listening_inodes((proc / "net" / table).read_text(), port)
        except OSError:
            continue
    return socket_owner(inodes, proc) if inodes else None


def store_servers(env: Mapping[str, str], proc: Path = Path("/proc")) -> dict[str, int]:
    """Return the main processes of the PostgreSQL tracker store and the Redis lock store a system uses, when found.

    ``env`` is the system's environment (``RASA_TRACKER_HOST``/``_PORT``, ``RASA_REDIS_PORT``);
    a PostgreSQL socket directory holds a lock file whose first line is the server's pid.
    """
    found = {}
    host, port = env.get("RASA_TRACKER_HOST", ""), env.get("RASA_TRACKER_PORT", "")
    if host.startswith("/") and port.isdigit():
        try:
            found["postgres"] = int((Path(host) / f".s.PGSQL.{port}.lock").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            pass
    elif port.isdigit() and (pid := tcp_server(int(port), proc)) is not None:
        found["postgres"] = pid
    redis_port = env.get("RASA_REDIS_PORT", "")
    if redis_port.isdigit() and (pid := tcp_server(int(redis_port), proc)) is not None:
        found["redis"] = pid
    return found
