"""The server's host key: made on first start (ed25519, mode 0600), refused when others can read it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import asyncssh


class HostKeyError(Exception):
    """The host key cannot be used (unreadable, not a key, or readable by others)."""


def load_or_create(path: Path) -> tuple[asyncssh.SSHKey, bool]:
    """The private host key at ``path`` and whether it was created now."""
    created = False
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = asyncssh.generate_private_key("ssh-ed25519", comment="briefing reading room")
        try:
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another start made it meanwhile: read that one
            pass
        else:
            with os.fdopen(handle, "wb") as file:
                file.write(key.export_private_key("openssh"))
            created = True
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError as error:
        raise HostKeyError(f"cannot read the host key {path}: {error.strerror}") from None
    if mode & 0o077:
        raise HostKeyError(f"the host key {path} can be read by others (mode {mode:04o}); "
                           f"run: chmod 600 {path}")
    try:
        key = asyncssh.read_private_key(path)
    except (OSError, asyncssh.KeyImportError, ValueError) as error:
        raise HostKeyError(f"the host key {path} is not a usable private key: {error}") from None
    return key, created
