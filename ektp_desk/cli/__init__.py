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
from typing import NoReturn

from ektp_desk import __version__, paths
from ektp_desk.cli import argparse_texts
from ektp_desk.cli.common import emit_json
from ektp_desk.core import messages
from ektp_desk.core.errors import Cancelled, UserError, environment_error

# verb modules, each with register(subparsers) setting `func(args) -> int` on its parser
VERB_MODULES = ("demo_cmd", "settings_cmd", "people_cmd", "import_cmd", "schedule_cmd",
                "place_cmd", "letters_cmd", "office_cmd", "desk_cmd", "sync_cmd", "audit_cmd",
                "backup_cmd", "report_cmd", "user_cmd")


class UsageError(Exception):
    """Wrong usage found after parsing (exit status 2)."""


_json_errors = False  # --json was asked for: failures are also a JSON object on stdout


def _fail(code: str, message: str) -> None:
    """A failure's message on stderr, and with --json as {"error": {code, message}} on
    stdout (code: the message id, or 'usage', 'cancelled')."""
    if _json_errors:
        emit_json({"error": {"code": code, "message": message}})
    print(f"ektp-desk: {message}", file=sys.stderr)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # exit 2 with a short message, as argparse
        if _json_errors:
            emit_json({"error": {"code": "usage", "message": message}})
        self.print_usage(sys.stderr)
        word = argparse_texts.ERROR_WORD[messages.language()]
        self.exit(2, f"{self.prog}: {word}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="ektp-desk",
        description="Meja layanan perekaman e-KTP. Tanpa perintah: membuka jendela aplikasi.",
    )
    parser.add_argument("--version", action="version", version=f"ektp-desk {__version__}",
                        help=argparse_texts.VERSION_HELP[messages.language()])
    parser.add_argument("--self-check", action="store_true",
                        help=argparse_texts.SELF_CHECK_HELP[messages.language()])
    parser.add_argument("--db", type=Path, metavar="PATH",
                        help="berkas basis data (bawaan: EKTP_DESK_DB atau folder data pengguna)")
    parser.add_argument("--lang", choices=("id", "en"), default=None,
                        help="bahasa pesan (id: Indonesia, en: English)")
    parser.add_argument("--user", dest="account", metavar="NAME",
                        help="akun yang menjalankan perintah (bawaan: EKTP_DESK_USER); kata "
                             "sandinya dari EKTP_DESK_PASSWORD atau ditanyakan")
    sub = parser.add_subparsers(dest="verb", metavar="PERINTAH", parser_class=_Parser)
    for name in VERB_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def db_path(args: argparse.Namespace) -> Path:
    return args.db if args.db is not None else paths.default_db_path()


def main(argv: Sequence[str] | None = None) -> int:
    global _json_errors
    arguments = list(sys.argv[1:] if argv is None else argv)
    # before parsing: argparse's own errors must already speak the language asked for
    messages.set_language(argparse_texts.lang_in(arguments, messages.language()))
    argparse_texts.install(messages.language())
    _json_errors = "--json" in arguments
    parser = build_parser()
    args = parser.parse_args(arguments)
    if args.self_check:
        from ektp_desk.ui.smoke import self_check

        return self_check()
    if args.verb is None:
        from ektp_desk.ui.app import run_app  # the window only when asked for

        return run_app(db_path(args), args.lang, user=args.account)
    try:
        return int(args.func(args) or 0)
    except UsageError as exc:
        parser.error(str(exc))
    except UserError as exc:
        _fail(exc.message_id, exc.message)
        return 1
    except Cancelled:
        _fail("cancelled", messages.text("cancelled"))
        return 1
    except BrokenPipeError:  # `ektp-desk people | head`: the reader left, not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no flush error at exit
        return 0
    except Exception as exc:
        known = environment_error(exc)
        if known is None:
            raise
        _fail(known.message_id, known.message)
        return 1
    except KeyboardInterrupt:
        _fail("cancelled", messages.text("cancelled"))
        return 130
    return 0
