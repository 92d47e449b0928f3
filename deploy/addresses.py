"""Who listens on a loopback address: a local node must start only on a free one.

A node left running by a killed test run keeps its address; a new node there would
fail to bind while the old one answered the new run's requests. Linux only: the
listening sockets and their owners are read from /proc (elsewhere the owner is unknown
and only the bind probe speaks).
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import socket
from pathlib import Path

LISTEN = "0A"


class AddressBusy(RuntimeError):
    """Another process listens on the address a node was to use."""


def _hex_address(host: str, port: int) -> str:
    """The /proc/net/tcp form of an IPv4 address: 127.0.0.2:8800 -> 0200007F:2260."""
    packed = ipaddress.IPv4Address(host).packed
    return f"{int.from_bytes(packed, 'little'):08X}:{port:04X}"


def listening_inodes(host: str, port: int) -> set[str]:
    """Inodes of the sockets listening on host:port (or on every address, at that port)."""
    wanted = {_hex_address(host, port), _hex_address("0.0.0.0", port)}  # noqa: S104
    inodes = set()
    with contextlib.suppress(OSError):
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[1] in wanted and fields[3] == LISTEN:
                inodes.add(fields[9])
    return inodes


def holders(inodes: set[str], pids: list[int] | None = None) -> dict[int, str]:
    """pid -> command line of the processes (among `pids`, or all we may read) holding them."""
    links = {f"socket:[{inode}]" for inode in inodes}
    found: dict[int, str] = {}
    candidates = pids if pids is not None else [int(p) for p in os.listdir("/proc") if p.isdigit()]
    for pid in candidates:
        with contextlib.suppress(OSError):
            for fd in os.listdir(f"/proc/{pid}/fd"):
                with contextlib.suppress(OSError):
                    if os.readlink(f"/proc/{pid}/fd/{fd}") in links:
                        found[pid] = _command_line(pid)
                        break
    return found


def _command_line(pid: int) -> str:
    with contextlib.suppress(OSError):
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
        return raw.replace(b"\0", b" ").decode(errors="replace").strip()[:200]
    return "?"


def describe_listeners(host: str, port: int) -> str:
    """'pid 123 (gunicorn ...)', or a hint when the owner cannot be read."""
    found = holders(listening_inodes(host, port))
    if not found:
        return "a process this user cannot see"
    return ", ".join(f"pid {pid} ({command})" for pid, command in sorted(found.items()))


def ensure_free(host: str, port: int) -> None:
    """Raise AddressBusy naming who listens on host:port; return when a server may bind it.

    The probe binds like gunicorn does (SO_REUSEADDR), so a closed node's TIME_WAIT
    connections do not count as busy.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise AddressBusy(
                f"{host}:{port} is already in use by {describe_listeners(host, port)}: "
                f"a node of a killed run? Stop it, or choose another TREMPLIN_IT_PORT "
                f"({error.strerror})"
            ) from error
