"""CPU accounting from /proc text and a fake /proc tree: stat lines, process trees, the machine, listening servers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench import cpu

STAT = ("4242 (rasa (main) x) S 4200 4242 4242 0 -1 4194560 51234 0 12 0 "
        "1500 300 20 5 20 0 9 0 123456 2000000000 120000 18446744073709551615 1 1 0 0 0 0 0 16781312 17642 0 0 0 17 "
        "1 0 0 0 0 0")


def test_a_stat_line_gives_pid_parent_and_user_system_and_waited_children_ticks() -> None:
    parsed = cpu.parse_stat(STAT)
    assert parsed == cpu.ProcStat(pid=4242, ppid=4200, ticks=1500 + 300 + 20 + 5)


@pytest.mark.parametrize("text", ["", "hello", "12 (x) S 1 2 3"])
def test_a_line_that_is_not_a_stat_line_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="stat line"):
        cpu.parse_stat(text)


def test_a_tree_counts_its_children_and_grandchildren_but_not_the_excluded_trees() -> None:
    stats = {pid: cpu.ProcStat(pid, ppid, ticks) for pid, ppid, ticks in [
        (1, 0, 1000), (100, 1, 7), (200, 100, 50), (201, 200, 5), (300, 100, 400), (301, 300, 40), (500, 1, 9)]}
    assert cpu.tree_ticks(stats, 200) == 55
    assert cpu.tree_ticks(stats, 100, exclude=[300]) == 62
    assert cpu.tree_ticks(stats, 300, exclude=[300, 200]) == 440  # its own tree is never excluded
    assert cpu.tree_ticks(stats, 999) == 0  # gone


PROC_STAT = """cpu  1000 50 300 9000 200 10 40 0 0 0
cpu0 500 25 150 4500 100 5 20 0 0 0
intr 12345
"""


def test_the_machine_busy_time_leaves_out_idle_and_iowait() -> None:
    assert cpu.busy_ticks(PROC_STAT) == 1000 + 50 + 300 + 10 + 40
    with pytest.raises(ValueError, match="cpu line"):
        cpu.busy_ticks("intr 1\n")


def test_cores_used_is_ticks_over_the_window() -> None:
    used = cpu.cores_used({"rasa": 100, "web": 10}, {"rasa": 250, "web": 10, "new": 50}, seconds=1.5, hertz=100)
    assert used == {"rasa": 1.0, "web": 0.0, "new": pytest.approx(1 / 3)}


def fake_proc(root: Path, lines: dict[int, str], busy: int, sockets: dict[int, list[int]] | None = None) -> Path:
    """A /proc with ``/proc/stat``, the stat ``lines`` by pid, and each pid's open ``sockets`` (inodes) under fd/."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "stat").write_text(f"cpu  {busy} 0 0 500 0 0 0 0 0 0\n")
    (root / "self").mkdir()
    for pid, line in lines.items():
        (root / str(pid) / "fd").mkdir(parents=True)
        (root / str(pid) / "stat").write_text(line)
        for number, inode in enumerate((sockets or {}).get(pid, []), start=3):
            os.symlink(f"socket:[{inode}]", root / str(pid) / "fd" / str(number))
    return root


def stat_line(pid: int, ppid: int, utime: int) -> str:
    return f"{pid} (python3) S {ppid} 1 1 0 -1 0 0 0 0 0 {utime} 0 0 0 20 0 1 0 1 1 1"


def test_cpu_ticks_read_each_named_tree_and_put_the_rest_under_everything_else(tmp_path: Path) -> None:
    proc = fake_proc(tmp_path, {10: stat_line(10, 1, 5), 20: stat_line(20, 10, 30), 21: stat_line(21, 20, 3),
                                30: stat_line(30, 10, 12), 40: stat_line(40, 1, 100)}, busy=200)
    (tmp_path / "41").mkdir()  # a process that ended while being read
    ticks = cpu.cpu_ticks({"load generator": 10, "rasa": 20, "web": 30}, proc)
    assert ticks == {"load generator": 5, "rasa": 33, "web": 12, cpu.OTHERS: 150}


def test_this_process_is_found_in_the_real_proc() -> None:
    ticks = cpu.cpu_ticks({"load generator": os.getpid()})
    assert ticks["load generator"] > 0 and ticks[cpu.OTHERS] >= 0


NET_TCP = """  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:18EB 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5551 1 0 100 0 0 10 0
   1: 0100007F:18EB 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000     0        0 5552 1 0 20 4 30 10 -1
   2: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 6661 1 0 100 0 0 10 0
"""


def test_the_sockets_listening_on_a_port_are_found_in_the_tcp_table() -> None:
    assert cpu.listening_inodes(NET_TCP, 0x18EB) == {5551}  # not the connection on the same port
    assert cpu.listening_inodes(NET_TCP, 8080) == {6661}
    assert cpu.listening_inodes(NET_TCP, 9999) == set()


def test_a_tcp_server_is_the_process_holding_the_socket_not_its_children(tmp_path: Path) -> None:
    proc = fake_proc(tmp_path, {70: stat_line(70, 1, 0), 71: stat_line(71, 70, 0), 90: stat_line(90, 1, 0)},
                     busy=0, sockets={70: [5551], 71: [5551, 12], 90: [6660]})
    (tmp_path / "net").mkdir()
    (tmp_path / "net" / "tcp").write_text(NET_TCP)
    assert cpu.tcp_server(0x18EB, proc) == 70
    assert cpu.tcp_server(8080, proc) is None  # listening, but nobody here holds it
    assert cpu.tcp_server(9999, proc) is None


def test_the_stores_of_several_instances_are_found_from_the_system_environment(tmp_path: Path) -> None:
    proc = fake_proc(tmp_path / "proc", {70: stat_line(70, 1, 0)}, busy=0, sockets={70: [5551]})
    (proc / "net").mkdir()
    (proc / "net" / "tcp").write_text(NET_TCP)
    sockets = tmp_path / "pg"
    sockets.mkdir()
    (sockets / ".s.PGSQL.5433.lock").write_text("4321\n/tmp/frontdoor-pg-x/data\n1733550000\n5433\n")
    env = {"RASA_TRACKER_HOST": str(sockets), "RASA_TRACKER_PORT": "5433", "RASA_REDIS_PORT": str(0x18EB)}
    assert cpu.store_servers(env, proc) == {"postgres": 4321, "redis": 70}
    assert cpu.store_servers({"RASA_TRACKER_HOST": "127.0.0.1", "RASA_TRACKER_PORT": str(0x18EB)}, proc) == {
        "postgres": 70}
    assert cpu.store_servers({"RASA_TRACKER_DB": "/tmp/tracker.db"}, proc) == {}  # one instance: SQLite
