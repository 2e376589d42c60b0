"""Accounts and roles: who may log in, what each role may do, and who is acting now
(docs/domain.md, "Accounts and roles").

Three roles, each doing everything the one below it does: operator (desk, letters,
search), supervisor (+ close the day, undo others' changes, reports, sync, reprints,
scheduling), admin (+ settings, accounts, office profile and keys, imports, purge,
restore). A database with no account yet works as before: nobody is asked to log in.

Passwords are stored as argon2id hashes. The default cost is measured for a 2-core
office PC (see docs/architecture.md); ``EKTP_DESK_HASH_COST=test`` selects the cheapest
argon2id parameters, for the test suite only (the hash records its own cost, so either
kind verifies anywhere).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import weakref
from dataclasses import dataclass

import peewee as pw
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from ektp_desk.core import audit, clock, messages
from ektp_desk.core.errors import UserError

ROLES = ("operator", "supervisor", "admin")  # each role may do what the ones before it may

# action -> the least role that may do it (the one table both the window and the CLI ask)
ROLE_PERMISSIONS: dict[str, str] = {
    "desk": "operator",
    "letters": "operator",
    "search": "operator",
    "unmask": "operator",
    "own_password": "operator",
    "close_day": "supervisor",
    "undo_others": "supervisor",
    "reports": "supervisor",
    "sync": "supervisor",
    "reprint": "supervisor",
    "schedule": "supervisor",
    "settings": "admin",
    "accounts": "admin",
    "office_profile": "admin",
    "office_keys": "admin",
    "import": "admin",
    "purge": "admin",
    "restore": "admin",
    "backup": "admin",
    "audit": "admin",
}

MAX_FAILED = 5  # wrong passwords in a row before the account locks
MIN_PASSWORD = 8
NAME_RE = re.compile(r"[a-z0-9][a-z0-9._-]{1,31}")

# argon2id cost: ~0.1-0.2 s per hash on a 2-core PC (figures in docs/architecture.md)
TIME_COST, MEMORY_KIB, PARALLELISM = 2, 65_536, 2
HASH_COST_ENV = "EKTP_DESK_HASH_COST"

# the demo database's accounts (written in the README)
DEMO_ACCOUNTS = (("admin", "Admin Demo", "admin", "admin-demo"),
                 ("supervisor", "Supervisor Demo", "supervisor", "supervisor-demo"),
                 ("operator", "Operator Demo", "operator", "operator-demo"))

ROLE_WORDS = messages.Labels("role_", {
    "operator": ("operator", "operator"),
    "supervisor": ("supervisor", "supervisor"),
    "admin": ("admin", "admin"),
})
ACTION_WORDS = messages.Labels("permission_", {
    "desk": ("melayani di meja layanan", "serve at the desk"),
    "letters": ("membuat surat panggilan", "make summoning letters"),
    "search": ("mencari warga", "search people"),
    "unmask": ("membuka NIK lengkap", "show full NIKs"),
    "own_password": ("mengganti kata sandi", "change a password"),
    "close_day": ("menutup hari layanan", "close the service day"),
    "undo_others": ("membatalkan perubahan petugas lain", "undo other clerks' changes"),
    "reports": ("membuat laporan", "make reports"),
    "sync": ("menyinkronkan data antarkantor", "sync data between offices"),
    "reprint": ("mencetak ulang surat", "reprint letters"),
    "schedule": ("mengatur jadwal", "change the schedule"),
    "settings": ("mengubah pengaturan", "change settings"),
    "accounts": ("mengelola akun", "manage accounts"),
    "office_profile": ("mengubah profil kantor", "change the office profile"),
    "office_keys": ("mengelola kunci dan kepercayaan kantor", "manage office keys and trust"),
    "import": ("mengimpor data", "import data"),
    "purge": ("menghapus data", "purge data"),
    "restore": ("memulihkan cadangan", "restore a backup"),
    "backup": ("membuat cadangan", "make a backup"),
    "audit": ("membaca log audit", "read the audit log"),
})

messages.register({
    "role_only_admin": ("Hanya admin yang boleh {what}.", "Only an admin may {what}."),
    "role_only_supervisor": ("Hanya supervisor atau admin yang boleh {what}.",
                             "Only a supervisor or an admin may {what}."),
    "role_tip_admin": ("Hanya untuk admin", "Admins only"),
    "role_tip_supervisor": ("Hanya untuk supervisor dan admin",
                            "Supervisors and admins only"),
    "role_tip_operator": ("Untuk semua akun", "For every account"),
    "account_needed": ("Perlu masuk dengan akun untuk {what} (--user NAMA atau "
                       "EKTP_DESK_USER).",
                       "An account is needed to {what} (--user NAME or EKTP_DESK_USER)."),
    "account_bad_name": ("Nama akun '{name}' tidak sah: 2–32 huruf kecil, angka, titik, "
                         "garis bawah atau tanda hubung, diawali huruf atau angka.",
                         "Account name '{name}' is not valid: 2–32 lowercase letters, "
                         "digits, dots, underscores or hyphens, starting with a letter or "
                         "digit."),
    "account_bad_role": ("Peran harus admin, supervisor atau operator, bukan '{role}'.",
                         "The role must be admin, supervisor or operator, not '{role}'."),
    "account_exists": ("Akun '{name}' sudah ada.", "Account '{name}' already exists."),
    "account_unknown": ("Akun '{name}' tidak ada.", "Account '{name}' does not exist."),
    "account_first_admin": ("Akun pertama harus admin.", "The first account must be an admin."),
    "account_last_admin": ("Akun '{name}' adalah admin aktif terakhir; tidak dapat "
                           "dinonaktifkan.",
                           "'{name}' is the last active admin; it cannot be disabled."),
    "password_short": ("Kata sandi perlu minimal {n} karakter.",
                       "The password needs at least {n} characters."),
    "password_mismatch": ("Kedua kata sandi tidak sama.", "The two passwords differ."),
    "password_old_wrong": ("Kata sandi lama salah. Kata sandi tidak diubah.",
                           "The old password is wrong. The password was not changed."),
    "login_wrong": ("Nama akun atau kata sandi salah.", "Wrong account name or password."),
    "login_disabled": ("Akun '{name}' dinonaktifkan. Hubungi admin.",
                       "Account '{name}' is disabled. Ask an admin."),
    "login_locked": ("Akun '{name}' dikunci karena {n} kali salah kata sandi, sampai pukul "
                     "{until}.",
                     "Account '{name}' is locked after {n} wrong passwords, until "
                     "{until}."),
})


@dataclass(frozen=True)
class Account:
    name: str
    display_name: str
    role: str
    disabled: bool = False
    locked_until: str | None = None

    def may(self, action: str) -> bool:
        return may(self.role, action)

    def as_json(self) -> dict[str, object]:
        return {"name": self.name, "display_name": self.display_name, "role": self.role,
                "disabled": self.disabled, "locked_until": self.locked_until}


# --- roles ---------------------------------------------------------------------------------

def may(role: str | None, action: str) -> bool:
    """Whether a role may do an action (an unknown action: only an admin)."""
    if role not in ROLES:
        return False
    least = ROLE_PERMISSIONS.get(action, "admin")
    return ROLES.index(role) >= ROLES.index(least)


def who_may(action: str) -> str:
    """A tooltip saying who may: "Hanya untuk admin", …"""
    return messages.text(f"role_tip_{ROLE_PERMISSIONS.get(action, 'admin')}")


def require(who: Account | str | None, action: str) -> None:
    """UserError "Hanya admin yang boleh …" unless the account (or role) may do the action;
    None (nobody logged in) is refused too."""
    what = ACTION_WORDS.get(action, action)
    role = who.role if isinstance(who, Account) else who
    if role is None:
        raise UserError("account_needed", what=what)
    if not may(role, action):
        least = ROLE_PERMISSIONS.get(action, "admin")
        raise UserError("role_only_admin" if least == "admin" else "role_only_supervisor",
                        what=what)


# --- passwords -----------------------------------------------------------------------------

def _hasher() -> PasswordHasher:
    if os.environ.get(HASH_COST_ENV) == "test":
        return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    return PasswordHasher(time_cost=TIME_COST, memory_cost=MEMORY_KIB, parallelism=PARALLELISM)


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def check_password(password: str, repeated: str | None = None) -> None:
    """UserError for a password too short, or differing from its repetition."""
    if len(password.strip()) < MIN_PASSWORD:
        raise UserError("password_short", n=MIN_PASSWORD)
    if repeated is not None and repeated != password:
        raise UserError("password_mismatch")


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher().verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# --- storage -------------------------------------------------------------------------------

_COLUMNS = "name, display_name, role, disabled, locked_until"


def _account(row: tuple) -> Account:
    return Account(row[0], row[1], row[2], bool(row[3]), row[4])


def has_accounts(db: pw.Database) -> bool:
    return db.execute_sql("SELECT EXISTS (SELECT 1 FROM account)").fetchone()[0] == 1


def get(db: pw.Database, name: str) -> Account:
    row = db.execute_sql(f"SELECT {_COLUMNS} FROM account WHERE name = ?",
                         (name.strip().lower(),)).fetchone()
    if row is None:
        raise UserError("account_unknown", name=name)
    return _account(row)


def list_accounts(db: pw.Database) -> list[Account]:
    rows = db.execute_sql(f"SELECT {_COLUMNS} FROM account ORDER BY name").fetchall()
    return [_account(row) for row in rows]


def add(db: pw.Database, name: str, role: str, password: str, *, display_name: str = "",
        by: str | None = None) -> Account:
    """A new account; the first one must be an admin. Checked before anything is stored."""
    require_acting(db, "accounts")
    return _add(db, name, role, password, display_name=display_name, by=by)


def _add(db: pw.Database, name: str, role: str, password: str, *, display_name: str,
         by: str | None) -> Account:
    name = name.strip().lower()
    if not NAME_RE.fullmatch(name):
        raise UserError("account_bad_name", name=name)
    if role not in ROLES:
        raise UserError("account_bad_role", role=role)
    check_password(password)
    display_name = " ".join(display_name.split()) or name
    hashed = hash_password(password)  # slow on purpose: outside the transaction
    with db.atomic():
        if not has_accounts(db) and role != "admin":
            raise UserError("account_first_admin")
        if db.execute_sql("SELECT 1 FROM account WHERE name = ?", (name,)).fetchone():
            raise UserError("account_exists", name=name)
        now = clock.timestamp()
        actor = by or acting_name(db)
        db.execute_sql(
            "INSERT INTO account (name, display_name, role, password_hash, created_at, "
            "created_by, password_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (name, display_name, role, hashed, now, actor, now))
        audit.record(db, actor, "akun_dibuat", account=name, role=role)
    return get(db, name)


def set_disabled(db: pw.Database, name: str, disabled: bool, *, by: str | None = None
                 ) -> Account:
    """Disable (or enable again) an account; its row stays, since the audit names it. The
    last active admin cannot be disabled: nobody could manage accounts after."""
    require_acting(db, "accounts")
    account = get(db, name)
    with db.atomic():
        if disabled and account.role == "admin" and not account.disabled:
            others = db.execute_sql(
                "SELECT COUNT(*) FROM account WHERE role = 'admin' AND disabled = 0 "
                "AND name <> ?", (account.name,)).fetchone()[0]
            if not others:
                raise UserError("account_last_admin", name=account.name)
        db.execute_sql("UPDATE account SET disabled = ?, failed_count = 0, locked_until = NULL "
                       "WHERE name = ?", (int(disabled), account.name))
        audit.record(db, by or acting_name(db),
                     "akun_dinonaktifkan" if disabled else "akun_diaktifkan",
                     account=account.name)
    return get(db, account.name)


def set_password(db: pw.Database, name: str, new_password: str, *,
                 old_password: str | None = None, actor: Account | None = None) -> None:
    """Change a password: one's own needs the old one; an admin may reset another's.
    ``actor`` None: nobody is logged in (a database without accounts' first steps)."""
    account = get(db, name)
    check_password(new_password)
    own = actor is None or actor.name == account.name
    if not own:
        require(actor, "accounts")
    if own and has_accounts(db):
        stored = db.execute_sql("SELECT password_hash FROM account WHERE name = ?",
                                (account.name,)).fetchone()[0]
        if old_password is None or not _verify(stored, old_password):
            raise UserError("password_old_wrong")
    hashed = hash_password(new_password)
    with db.atomic():
        db.execute_sql("UPDATE account SET password_hash = ?, password_changed_at = ?, "
                       "failed_count = 0, locked_until = NULL WHERE name = ?",
                       (hashed, clock.timestamp(), account.name))
        audit.record(db, actor.name if actor else acting_name(db), "kata_sandi_diubah",
                     account=account.name)


def lock_minutes(db: pw.Database) -> int:
    from ektp_desk.core import settings

    return int(settings.get(db, "login_lock_minutes"))


def authenticate(db: pw.Database, name: str, password: str, *, via: str = "jendela"
                 ) -> Account:
    """The account, when the password is right and the account usable. Every attempt is
    recorded in the audit log, a refused one committed all the same; ``via`` says where
    (the window, an unlock, a command). The fifth wrong password in a row locks the account for
    ``login_lock_minutes``."""
    key = name.strip().lower()
    now = clock.now()
    refusal: UserError | None = None
    with db.atomic():
        row = db.execute_sql(
            "SELECT password_hash, disabled, failed_count, locked_until FROM account "
            "WHERE name = ?", (key,)).fetchone()
        if row is None:
            refusal = UserError("login_wrong")
            reason = "akun_tidak_ada"
        else:
            stored, disabled, failed, locked_until = row
            locked = locked_until and dt.datetime.fromisoformat(locked_until) > now
            if disabled:
                refusal, reason = UserError("login_disabled", name=key), "nonaktif"
            elif locked:
                refusal = UserError("login_locked", name=key, n=MAX_FAILED,
                                    until=_clock_time(locked_until))
                reason = "terkunci"
            elif not _verify(stored, password):
                failed += 1
                reason = "kata_sandi_salah"
                if failed >= MAX_FAILED:
                    until = (now + dt.timedelta(minutes=lock_minutes(db))).isoformat(
                        timespec="seconds")
                    db.execute_sql("UPDATE account SET failed_count = 0, locked_until = ? "
                                   "WHERE name = ?", (until, key))
                    refusal = UserError("login_locked", name=key, n=MAX_FAILED,
                                        until=_clock_time(until))
                    reason = "dikunci"
                else:
                    db.execute_sql("UPDATE account SET failed_count = ? WHERE name = ?",
                                   (failed, key))
                    refusal = UserError("login_wrong")
            else:
                db.execute_sql("UPDATE account SET failed_count = 0, locked_until = NULL "
                               "WHERE name = ? AND (failed_count <> 0 OR locked_until "
                               "IS NOT NULL)", (key,))
                if _hasher().check_needs_rehash(stored):
                    db.execute_sql("UPDATE account SET password_hash = ? WHERE name = ?",
                                   (hash_password(password), key))
        if refusal is not None:
            audit.record(db, key or "?", "login_gagal", reason=reason, via=via)
        else:
            audit.record(db, key, "login", via=via)
    if refusal is not None:
        raise refusal
    return get(db, key)


def _clock_time(iso: str) -> str:
    return dt.datetime.fromisoformat(iso).astimezone(clock.WIB).strftime("%H.%M")


def add_demo_accounts(db: pw.Database) -> list[Account]:
    """The demo database's three accounts, one per role (README), when it has none yet."""
    if has_accounts(db):
        return []
    # nobody is logged in on a new demo database: its first admin adds the others
    return [_add(db, name, role, password, display_name=display, by="demo")
            for name, display, role, password in DEMO_ACCOUNTS]


# --- who is acting -------------------------------------------------------------------------

# the account logged in on a database (one per window or command); weak, so a closed
# database takes its session with it
_sessions: weakref.WeakKeyDictionary[pw.Database, Account] = weakref.WeakKeyDictionary()


def sign_in(db: pw.Database, account: Account) -> None:
    _sessions[db] = account


def sign_out(db: pw.Database) -> None:
    _sessions.pop(db, None)


def current(db: pw.Database) -> Account | None:
    return _sessions.get(db)


def require_acting(db: pw.Database, action: str) -> None:
    """The core's own check at the entry of a function for supervisors or admins (settings,
    accounts, keys, imports, purge, restore, closing a day, sync, reprints): UserError
    unless the account logged in on ``db`` may do ``action``, whatever the window showed
    enabled. A database without accounts runs everything as before; one with accounts and
    nobody logged in is refused (docs/domain.md, "Accounts and roles")."""
    account = _sessions.get(db)
    if account is None and not has_accounts(db):
        return
    require(account, action)


def acting_name(db: pw.Database) -> str:
    """The name the audit log records for a change: the logged-in account, else (a
    database without accounts) the clerk name from the settings."""
    account = _sessions.get(db)
    if account is not None:
        return account.name
    from ektp_desk.core import settings  # settings records its changes under this name

    return str(settings.get(db, "user_name"))
