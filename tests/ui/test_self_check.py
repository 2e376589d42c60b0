"""`ektp-desk --self-check` in the source tree: what CI runs inside the built bundle
(`python3 tasks.py selfcheck`), here in-process with screenshots, and as the command."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ektp_desk.ui import smoke
from tests.cli_helpers import ROOT


@pytest.mark.slow
def test_the_self_check_passes_and_shows_every_page(qtbot, output_dir, capsys, monkeypatch):
    monkeypatch.delenv("EKTP_DESK_DATA_DIR", raising=False)
    assert smoke.self_check(shots=output_dir) == 0
    out = capsys.readouterr().out
    assert "[baik] jendela: 9 halaman, Warga 3 baris" in out, out
    assert "GAGAL" not in out
    assert (output_dir / "selfcheck_1.png").stat().st_size > 0
    # the clerk's data folder was not used: the check's folder is gone with its files
    assert "EKTP_DESK_DATA_DIR" not in os.environ


@pytest.mark.slow
def test_the_command_exits_0_and_nonzero_with_what_failed(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", EKTP_DESK_LANG="id")
    done = subprocess.run([sys.executable, "-m", "ektp_desk", "--self-check"], env=env,
                          cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Pemeriksaan mandiri lulus: 6 langkah." in done.stdout

    # a bundle without its region table: the import step fails and says so
    broken = tmp_path / "resources"
    broken.mkdir()
    probe = ("import sys, ektp_desk.paths as p; from pathlib import Path; "
             f"p.resources_dir = lambda: Path({str(broken)!r}); "
             "from ektp_desk.cli import main; sys.exit(main(['--self-check']))")
    failed = subprocess.run([sys.executable, "-c", probe], env=env, cwd=ROOT,
                            capture_output=True, text=True, timeout=240)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "[GAGAL] impor" in failed.stdout
    assert "Pemeriksaan mandiri gagal" in failed.stdout
