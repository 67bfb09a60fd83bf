"""Where things live: bundled resources and the user's config, data and cache.

``BRIEFING_HOME`` (or ``--data-dir``) puts config, data and cache under one
folder, which is what the tests use to stay isolated.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_path, user_config_path, user_data_path

APP_NAME = "briefing"
_PACKAGE = Path(__file__).resolve().parent


def _resource(name: str) -> Path:
    """A bundled folder: package data when installed, the checkout otherwise."""
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def seeds_dir() -> Path:
    return _resource("seeds")


def themes_dir() -> Path:
    return _resource("themes")


def _home() -> Path | None:
    home = os.environ.get("BRIEFING_HOME")
    return Path(home).expanduser() if home else None


def config_dir() -> Path:
    home = _home()
    return home / "config" if home else user_config_path(APP_NAME)


def data_dir() -> Path:
    home = _home()
    return home / "data" if home else user_data_path(APP_NAME)


def cache_dir() -> Path:
    home = _home()
    return home / "cache" if home else user_cache_path(APP_NAME)
