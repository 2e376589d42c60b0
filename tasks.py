#!/usr/bin/env python3
"""Set-up and everyday tasks, needing nothing but Python 3.11+ (and apt for Qt's libraries
and for the CUPS the print tests start).

    python3 tasks.py run     set up, make a demo database, open the window
    python3 tasks.py test    set up, then lint, check the architecture, run every test
    python3 tasks.py smoke   set up, open the window off-screen and save a screenshot
    python3 tasks.py screenshots  set up, remake docs/screenshots/ (the user guide's) off-screen
    python3 tasks.py bundle  set up, build the one-folder app into dist/ektp-desk/
    python3 tasks.py selfcheck   run the built app's --self-check off-screen
    python3 tasks.py i18n    set up, extract the window's texts into the English .ts, build the .qm
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
DEMO_DB = ROOT / "demo.sqlite"
BUNDLE = ROOT / "dist" / "ektp-desk"

# Debian/Ubuntu packages Qt needs (offscreen and on a real X11 screen).
QT_SYSTEM_LIBS = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libfontconfig.so.1": "libfontconfig1",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
}
EXTRA_DEBIAN = ["fonts-dejavu-core"]
# the print tests start a CUPS of their own with a cups-pdf queue (tests/cups_helpers.py)
PRINT_DEBIAN = {"/usr/sbin/cupsd": "cups", "/usr/lib/cups/backend/cups-pdf":
                "printer-driver-cups-pdf"}


def sh(*cmd: object, **kw: object) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, **kw)  # type: ignore[arg-type]


def system_deps() -> None:
    if not sys.platform.startswith("linux") or not shutil.which("ldconfig"):
        return
    known = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    missing = sorted({pkg for lib, pkg in QT_SYSTEM_LIBS.items() if lib not in known})
    if not Path("/usr/share/fonts/truetype/dejavu").exists():
        missing += EXTRA_DEBIAN
    missing += [pkg for path, pkg in PRINT_DEBIAN.items() if not Path(path).exists()]
    if not missing:
        return
    if not shutil.which("apt-get"):
        print("Pasang pustaka sistem untuk Qt: " + " ".join(missing), file=sys.stderr)
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    sh(*sudo, "apt-get", "update", "-q", env=env)
    sh(*sudo, "apt-get", "install", "-y", "-q", "--no-install-recommends", *missing, env=env)


def venv() -> None:
    """A .venv with the app and its dev tools; reinstalled when pyproject.toml changes."""
    stamp = VENV / ".installed"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    if not PYTHON.exists():
        sh(sys.executable, "-m", "venv", VENV)
    sh(PYTHON, "-m", "pip", "install", "-q", "--upgrade", "pip")
    sh(PYTHON, "-m", "pip", "install", "-q", "-e", f"{ROOT}[dev,bundle]")
    stamp.write_text(digest)


def setup() -> None:
    system_deps()
    venv()


def run() -> int:
    setup()
    if not DEMO_DB.exists():
        sh(PYTHON, "-m", "ektp_desk", "--db", DEMO_DB, "demo", "--people", "6000",
           "--drive")
    else:  # a demo database from before accounts existed gets the demo's three
        sh(PYTHON, "-c", "import sys; from ektp_desk.core import accounts, db; "
           "accounts.add_demo_accounts(db.open_database(sys.argv[1]))", DEMO_DB)
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        print("Tidak ada layar (DISPLAY kosong). Jalankan di desktop, atau coba "
              "'python3 tasks.py smoke' untuk tangkapan layar tanpa layar.", file=sys.stderr)
        return 1
    # straight into the app as the demo operator (README); another database asks who logs in
    env = dict(os.environ, EKTP_DESK_USER="operator", EKTP_DESK_PASSWORD="operator-demo")
    return subprocess.call([str(PYTHON), "-m", "ektp_desk", "--db", str(DEMO_DB)], env=env)


def test(extra: list[str]) -> int:
    setup()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    sh(BIN / "ruff", "check", ROOT)
    sh(BIN / "lint-imports", cwd=ROOT)
    return subprocess.call([str(PYTHON), "-m", "pytest", *extra], cwd=ROOT, env=env)


def smoke() -> int:
    setup()
    if not DEMO_DB.exists():
        sh(PYTHON, "-m", "ektp_desk", "--db", DEMO_DB, "demo", "--people", "6000",
           "--drive")
    out = ROOT / "out" / "smoke.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.call([str(PYTHON), "-m", "ektp_desk.ui.smoke", str(DEMO_DB), str(out)],
                           env=env)


def screenshots() -> int:
    """Every page and a few dialogs of the window on a fresh demo drive, off-screen, into
    docs/screenshots/ (docs/guide.md shows them); each run writes over the last."""
    setup()
    started = time.monotonic()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    code = subprocess.call([str(PYTHON), "-m", "ektp_desk.ui.screenshots",
                            str(ROOT / "docs" / "screenshots")], cwd=ROOT, env=env)
    print(f"docs/screenshots/: {time.monotonic() - started:.0f} s")
    return code


def folder_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink())


def bundle() -> int:
    """The one-folder app from build_installer.spec into dist/ektp-desk/, with its size
    and build time (the Windows installer is built from it with installer/ektp-desk.iss)."""
    setup()
    started = time.monotonic()
    sh(BIN / "pyinstaller", "--noconfirm", "--log-level", "WARN", "--distpath",
       ROOT / "dist", "--workpath", ROOT / "build", ROOT / "build_installer.spec", cwd=ROOT)
    seconds = time.monotonic() - started
    megabytes = folder_size(BUNDLE) / 1e6
    print(f"{BUNDLE}: {megabytes:.0f} MB, dibangun dalam {seconds:.0f} s")
    return 0


def selfcheck() -> int:
    """The built app checks itself off-screen: a fresh database, a clerk's day, the window."""
    exe = BUNDLE / ("ektp-desk-cli.exe" if os.name == "nt" else "ektp-desk")
    if not exe.exists():
        print(f"{exe} belum ada: jalankan dulu 'python3 tasks.py bundle'.", file=sys.stderr)
        return 1
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.call([str(exe), "--self-check"], env=env)


def i18n() -> int:
    """pyside6-lupdate every tr() of ektp_desk/ui into resources/i18n/ektp_desk_en.ts (the
    translations already written stay; texts gone from the code are dropped), then
    pyside6-lrelease it into the .qm the window loads. Run it again after any tr() change:
    new texts come in unfinished, for a translator to fill in (pyside6-linguist)."""
    setup()
    folder = ROOT / "resources" / "i18n"
    ts, qm = folder / "ektp_desk_en.ts", folder / "ektp_desk_en.qm"
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ektp_desk" / "ui").rglob("*.py"))
    # no line numbers: a .ts that changes only where code moved would conflict at every merge
    sh(BIN / "pyside6-lupdate", *sources, "-ts", ts.relative_to(ROOT), "-no-obsolete",
       "-locations", "none", "-source-language", "id_ID", "-target-language", "en_GB",
       cwd=ROOT)
    sh(BIN / "pyside6-lrelease", ts, "-qm", qm)
    return 0


def main(argv: list[str]) -> int:
    task = argv[0] if argv else "test"
    if task == "run":
        return run()
    if task == "test":
        return test(argv[1:])
    if task == "smoke":
        return smoke()
    if task == "screenshots":
        return screenshots()
    if task == "bundle":
        return bundle()
    if task == "selfcheck":
        return selfcheck()
    if task == "i18n":
        return i18n()
    if task == "setup":
        setup()
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
