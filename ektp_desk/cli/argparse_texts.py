"""argparse's own words (usage, options, invalid choice, required…) in the CLI's language.

argparse looks its texts up through gettext at the moment it writes them, so giving its
module-level ``_``/``ngettext`` our catalogue translates them without a compiled .mo file.
Only this process's command line is affected (the window never uses argparse).
"""

from __future__ import annotations

import argparse
import gettext

# argparse's message ids (Python 3.11–3.13) → Indonesian; a text missing here stays English
INDONESIAN: dict[str, str] = {
    "usage: ": "pemakaian: ",
    "options": "pilihan",
    "positional arguments": "argumen posisi",
    "show this help message and exit": "tampilkan bantuan ini lalu keluar",
    "%(prog)s: error: %(message)s\n": "%(prog)s: kesalahan: %(message)s\n",
    "the following arguments are required: %s": "argumen berikut wajib diisi: %s",
    "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "pilihan tidak sah: %(value)r (pilih dari %(choices)s)",
    "invalid %(type)s value: %(value)r": "nilai %(type)s tidak sah: %(value)r",
    "argument %(argument_name)s: %(message)s": "argumen %(argument_name)s: %(message)s",
    "expected one argument": "perlu satu nilai",
    "expected at most one argument": "paling banyak satu nilai",
    "expected at least one argument": "perlu sedikitnya satu nilai",
    "expected %s argument": "perlu %s nilai",
    "expected %s arguments": "perlu %s nilai",
    "not allowed with argument %s": "tidak boleh bersama argumen %s",
    "ignored explicit argument %r": "nilai %r diabaikan",
    "one of the arguments %s is required": "salah satu argumen %s wajib diisi",
    "ambiguous option: %(option)s could match %(matches)s":
        "pilihan %(option)s tidak jelas, bisa berarti %(matches)s",
    "unexpected option string: %s": "pilihan tidak terduga: %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "perintah %(parser_name)r tidak dikenal (pilihan: %(choices)s)",
    "can't open '%(filename)s': %(error)s": "tidak dapat membuka '%(filename)s': %(error)s",
}
ERROR_WORD = {"id": "kesalahan", "en": "error"}
VERSION_HELP = {"id": "tampilkan versi program lalu keluar",
                "en": "show program's version number and exit"}
SELF_CHECK_HELP = {"id": "periksa program ini (basis data sementara, jendela tanpa layar) "
                         "lalu keluar",
                   "en": "check this program (a temporary database, every page of the "
                         "window) and exit"}


def install(lang: str) -> None:
    """Make argparse speak `lang` ('id' or 'en') from now on in this process."""
    if lang == "en":
        argparse._ = gettext.gettext  # type: ignore[attr-defined]
        argparse.ngettext = gettext.ngettext  # type: ignore[attr-defined]
        return

    def indonesian(message: str) -> str:
        return INDONESIAN.get(message, message)

    def indonesian_n(singular: str, plural: str, n: int) -> str:
        return indonesian(singular if n == 1 else plural)

    argparse._ = indonesian  # type: ignore[attr-defined]
    argparse.ngettext = indonesian_n  # type: ignore[attr-defined]


def lang_in(argv: list[str], default: str) -> str:
    """The --lang an argument list asks for, read before argparse runs (its own errors
    must already speak it), else `default`."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        else:
            continue
        if value in ERROR_WORD:
            return value
    return default
