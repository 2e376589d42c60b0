"""The command line: one verb per job, each calling the core. With no verb, the window.

Results go to stdout (one JSON object with --json); messages for people go to stderr.
Exit status: 0 done, 1 the job failed (reason printed), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ektp_desk import __version__, paths
from ektp_desk.core import messages
from ektp_desk.core.errors import Cancelled, UserError, environment_error

# verb modules, each with register(subparsers) setting `func(args) -> int` on its parser
VERB_MODULES = ("demo_cmd", "settings_cmd", "people_cmd", "import_cmd", "schedule_cmd",
                "letters_cmd", "office_cmd", "desk_cmd", "sync_cmd")


class UsageError(Exception):
    """Wrong usage found after parsing (exit status 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # exit 2 with a short message, as argparse does
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: kesalahan: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="ektp-desk",
        description="Meja layanan perekaman e-KTP. Tanpa perintah: membuka jendela aplikasi.",
    )
    parser.add_argument("--version", action="version", version=f"ektp-desk {__version__}")
    parser.add_argument("--db", type=Path, metavar="PATH",
                        help="berkas basis data (bawaan: EKTP_DESK_DB atau folder data pengguna)")
    parser.add_argument("--lang", choices=("id", "en"), default=None,
                        help="bahasa pesan (id: Indonesia, en: English)")
    sub = parser.add_subparsers(dest="verb", metavar="PERINTAH", parser_class=_Parser)
    for name in VERB_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def db_path(args: argparse.Namespace) -> Path:
    return args.db if args.db is not None else paths.default_db_path()


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.lang:
        messages.set_language(args.lang)
    if args.verb is None:
        from ektp_desk.ui.app import run_app  # the window only when asked for

        return run_app(db_path(args))
    try:
        return int(args.func(args) or 0)
    except UsageError as exc:
        parser.exit(2, f"ektp-desk: kesalahan: {exc}\n")
    except UserError as exc:
        print(f"ektp-desk: {exc.message}", file=sys.stderr)
        return 1
    except Cancelled:
        print(f"ektp-desk: {messages.text('cancelled')}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `ektp-desk people | head`: the reader left, not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no flush error at exit
        return 0
    except Exception as exc:
        known = environment_error(exc)
        if known is None:
            raise
        print(f"ektp-desk: {known.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"ektp-desk: {messages.text('cancelled')}", file=sys.stderr)
        return 130
    return 0
