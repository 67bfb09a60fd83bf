"""The authorized-keys file: which public keys may sign in, and as which analyst.

The format is OpenSSH's (``[options] keytype base64 [comment]``). The analyst's
name comes from ``environment="BRIEFING_USER=ann"`` in the options, else from the
comment (``ann@laptop`` names ``ann``), and is made a safe folder name. Options
that only take something away (``restrict``, ``no-port-forwarding``, ...) are
accepted, since the reading room allows none of it anyway; ``from="..."`` is
honoured; any other option (``command=``, ``no-pty``, ``expiry-time=``, ...)
makes the line be skipped with a problem rather than be read more widely than
its author meant.
"""

from __future__ import annotations

import fnmatch
import ipaddress
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import asyncssh

NAME_LIMIT = 32
USER_VARIABLE = "BRIEFING_USER"
KEY_TYPES = frozenset({
    "ssh-ed25519", "ssh-rsa", "ssh-dss", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com", "ssh-ed448",
})
# Options that only restrict: the reading room already refuses what they forbid.
NO_OP_OPTIONS = frozenset({
    "restrict", "pty", "no-port-forwarding", "no-agent-forwarding", "no-x11-forwarding", "no-user-rc",
})


@dataclass(frozen=True)
class AuthorizedKey:
    name: str  # the analyst, a safe folder name
    key: asyncssh.SSHKey = field(compare=False)
    fingerprint: str
    line: int
    from_patterns: tuple[str, ...] = ()

    def allows(self, address: str) -> bool:
        """Whether a client at ``address`` may use this key (``from="..."``)."""
        return not self.from_patterns or address_matches(address, self.from_patterns)


def safe_name(raw: str) -> str | None:
    """A folder-safe analyst name from a comment or an option, or None when nothing usable is left.

    Lower case ASCII letters, digits, ``.``, ``_`` and ``-``; the host part of
    ``user@host`` is dropped; at most 32 characters; never ``.``/``..`` or hidden.
    """
    text = unicodedata.normalize("NFKD", raw.strip())
    text = text.encode("ascii", "ignore").decode("ascii")
    text = text.split("@", 1)[0].lower()
    text = re.sub(r"[^a-z0-9._-]+", "-", text)
    text = re.sub(r"[-_.]{2,}", lambda match: match.group(0)[0], text)
    text = text.strip("-_.")[:NAME_LIMIT].strip("-_.")
    return text or None


def split_options(text: str) -> list[str]:
    """``a,b="x,y",c`` -> ``['a', 'b="x,y"', 'c']`` (commas inside quotes stay)."""
    options, current, quoted, escaped = [], [], False, False
    for char in text:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\" and quoted:
            current.append(char)
            escaped = True
        elif char == '"':
            current.append(char)
            quoted = not quoted
        elif char == "," and not quoted:
            options.append("".join(current))
            current = []
        else:
            current.append(char)
    if quoted:
        raise ValueError("an option's quotes are not closed")
    options.append("".join(current))
    return [option for option in options if option]


def _split_first(line: str) -> tuple[str, str]:
    """The first field (spaces inside quotes belong to it) and the rest."""
    quoted = False
    for index, char in enumerate(line):
        if char == '"' and (index == 0 or line[index - 1] != "\\"):
            quoted = not quoted
        elif char in " \t" and not quoted:
            return line[:index], line[index:].strip()
    return line, ""


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    return value.replace('\\"', '"')


def parse_authorized_keys(text: str) -> tuple[list[AuthorizedKey], list[str]]:
    """The keys of an authorized-keys file and its problems (``line N: ...``)."""
    keys: list[AuthorizedKey] = []
    problems: list[str] = []
    seen: dict[bytes, int] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            entry = _parse_line(line, number)
        except ValueError as error:
            problems.append(f"line {number}: {error}; skipped")
            continue
        public = entry.key.public_data
        if public in seen:
            problems.append(f"line {number}: the same key as line {seen[public]}; skipped")
            continue
        seen[public] = number
        keys.append(entry)
    return keys, problems


def _parse_line(line: str, number: int) -> AuthorizedKey:
    first, rest = _split_first(line)
    options: list[str] = []
    if first not in KEY_TYPES:
        options = split_options(first)
        first, rest = _split_first(rest)
        if first not in KEY_TYPES:
            raise ValueError("no key type (ssh-ed25519, ssh-rsa, ecdsa-sha2-...) where one was expected")
    blob, _, comment = rest.partition(" ")
    if not blob:
        raise ValueError("no key after the key type")
    try:
        key = asyncssh.import_public_key(f"{first} {blob}")
    except (asyncssh.KeyImportError, ValueError) as error:
        raise ValueError(f"not a valid public key ({error})") from None
    name_option: str | None = None
    from_patterns: tuple[str, ...] = ()
    for option in options:
        option_name, _, value = option.partition("=")
        lowered = option_name.lower()
        if lowered in NO_OP_OPTIONS and not value:
            continue
        if lowered == "environment" and value:
            variable, _, setting = _unquote(value).partition("=")
            if variable == USER_VARIABLE:
                name_option = setting
            continue  # other variables are not passed to the reader
        if lowered == "from" and value:
            from_patterns = tuple(pattern.strip() for pattern in _unquote(value).split(",") if pattern.strip())
            continue
        raise ValueError(f"option {option_name!r} is not supported by the reading room")
    source = name_option if name_option is not None else comment.strip()
    name = safe_name(source) if source else None
    if name is None:
        raise ValueError(f'no analyst name: add environment="{USER_VARIABLE}=name" or a comment naming them')
    return AuthorizedKey(name, key, key.get_fingerprint(), number, from_patterns)


def address_matches(address: str, patterns: tuple[str, ...]) -> bool:
    """OpenSSH ``from=`` semantics on an address: a ``!`` pattern that matches denies,
    otherwise any positive match allows. Patterns are addresses with ``*``/``?`` or CIDR blocks."""
    address = _plain_address(address)
    allowed = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        body = pattern[1:] if negated else pattern
        if _matches(address, body):
            if negated:
                return False
            allowed = True
    return allowed


def _plain_address(address: str) -> str:
    try:
        parsed = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return address.lower()
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped is not None:
        parsed = parsed.ipv4_mapped
    return str(parsed)


def _matches(address: str, pattern: str) -> bool:
    if "/" in pattern:
        try:
            return ipaddress.ip_address(address) in ipaddress.ip_network(pattern, strict=False)
        except ValueError:
            return False
    return fnmatch.fnmatchcase(address, pattern.lower())


class KeyRing:
    """The authorized keys, read again whenever the file changes (no restart to add an analyst)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.keys: dict[bytes, AuthorizedKey] = {}
        self.problems: list[str] = []
        self._signature: tuple[int, int, int] | None = None

    def load(self) -> bool:
        """Read the file if it changed; True when it was read. Raises OSError when unreadable."""
        stat = os.stat(self.path)
        signature = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        if signature == self._signature:
            return False
        text = self.path.read_text(encoding="utf-8", errors="replace")
        keys, problems = parse_authorized_keys(text)
        self.keys = {entry.key.public_data: entry for entry in keys}
        self.problems = problems
        self._signature = signature
        return True

    def find(self, key: asyncssh.SSHKey) -> AuthorizedKey | None:
        return self.keys.get(key.public_data)

    @property
    def names(self) -> list[str]:
        return sorted({entry.name for entry in self.keys.values()})
