"""Take the network away from a process: after :func:`deny_network`, it opens no sockets but
Unix ones.

Oxigraph calls ``SERVICE`` endpoints itself and has no switch to stop it, so the query
processes (:mod:`service.store.local_backend`) call :func:`deny_network` before they read
any query. It installs a seccomp filter (Linux; x86-64 and arm64) under which
``socket()`` for any family other than ``AF_UNIX`` fails with ``EACCES``: no TCP, no
UDP, no DNS, whatever a query makes the engine try. The filter cannot be removed
and is inherited by every thread and child the process starts. Pipes and sockets
already open (the query process's pipe to the web worker) keep working.

Where seccomp is not available the function returns False and changes nothing; the
query check (:mod:`service.sparql.query_check`) is then the only guard.
"""

from __future__ import annotations

import ctypes
import errno
import platform
import socket
import struct
import sys

PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
SECCOMP_SET_MODE_FILTER = 1
SECCOMP_FILTER_FLAG_TSYNC = 1
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_ERRNO = 0x00050000
# (audit architecture, socket syscall number, seccomp syscall number) per machine
ARCHITECTURES = {
    "x86_64": (0xC000003E, 41, 317),
    "aarch64": (0xC00000B7, 198, 277),
}
X32_SYSCALL_BIT = 0x40000000

_LOAD, _JUMP_EQUAL, _JUMP_AT_LEAST, _RETURN = 0x20, 0x15, 0x35, 0x06
_NR, _ARCH, _ARG0 = 0, 4, 16  # offsets in struct seccomp_data


class _Filter(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def deny_network() -> bool:
    """Forbid new non-Unix sockets in this process for good; False if that is not possible."""
    machine = platform.machine()
    if not sys.platform.startswith("linux") or machine not in ARCHITECTURES:
        return False
    arch, socket_call, seccomp_call = ARCHITECTURES[machine]
    program = _program(arch, socket_call, x32=machine == "x86_64")
    code = ctypes.create_string_buffer(program)
    prog = _Filter(len(program) // 8, ctypes.cast(code, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    applied = libc.syscall(
        seccomp_call, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, ctypes.byref(prog)
    )
    if applied != 0:  # older kernels: no seccomp() call, no thread sync
        applied = libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0)
    return applied == 0


def network_denied() -> bool:
    """Whether this process can no longer open an internet socket (for tests and checks)."""
    try:
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
    except PermissionError:
        return True
    return False


def _program(arch: int, socket_call: int, *, x32: bool) -> bytes:
    """The BPF program: other ABIs and non-Unix ``socket()`` calls get EACCES; all else runs."""
    deny = SECCOMP_RET_ERRNO | errno.EACCES
    steps: list[tuple[int, int, int, int]] = [
        (_LOAD, 0, 0, _ARCH),
        (_JUMP_EQUAL, 1, 0, arch),
        (_RETURN, 0, 0, deny),
        (_LOAD, 0, 0, _NR),
    ]
    if x32:
        steps.append((_JUMP_AT_LEAST, 5, 0, X32_SYSCALL_BIT))  # x32 system calls: deny
    steps += [
        (_JUMP_EQUAL, 1, 0, socket_call),
        (_RETURN, 0, 0, SECCOMP_RET_ALLOW),
        (_LOAD, 0, 0, _ARG0),
        (_JUMP_EQUAL, 0, 1, socket.AF_UNIX),
        (_RETURN, 0, 0, SECCOMP_RET_ALLOW),
        (_RETURN, 0, 0, deny),
    ]
    return b"".join(struct.pack("HBBI", code, true, false, k) for code, true, false, k in steps)
