"""Every directory and resource lookup in one place (dev tree or PyInstaller bundle)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "ektp-desk"
APP_AUTHOR = "Dindukcapil"


def resources_dir() -> Path:
    """`resources/` beside the package in a source tree, or inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def data_dir() -> Path:
    override = os.environ.get("EKTP_DESK_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, APP_AUTHOR))


def default_db_path() -> Path:
    """`EKTP_DESK_DB` if set, else the database in the user's data directory."""
    env = os.environ.get("EKTP_DESK_DB")
    if env:
        return Path(env)
    return data_dir() / "ektp-desk.sqlite"


def letters_dir() -> Path:
    """Where printed letters go unless the clerk picks another folder."""
    return data_dir() / "surat"


def log_dir() -> Path:
    return data_dir() / "logs"
