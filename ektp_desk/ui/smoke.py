"""Open the main window off-screen on a database, wait for the list, save a screenshot.

    python -m ektp_desk.ui.smoke DB.sqlite OUT.png
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from ektp_desk.core import db as core_db
from ektp_desk.ui.app import make_application


def main(argv: list[str]) -> int:
    db_path, out = Path(argv[0]), Path(argv[1])
    app = make_application()
    db = core_db.open_database(db_path)
    from ektp_desk.ui.main_window import MainWindow

    window = MainWindow(db, db_path)
    window.show()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
        if window.warga.table.model().rowCount() > 0 and time.monotonic() > deadline - 9:
            break
    for _ in range(20):
        app.processEvents()
    out.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out))
    print(f"{out}: {window.warga.table.model().rowCount()} baris")
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
