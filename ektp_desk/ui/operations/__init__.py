"""The window's operations: the jobs its pages and dialogs run through the runner.

One module per domain. Each holds thin functions of the shape ``f(db, …)`` that call core
and shape the answer for a page (a small frozen dataclass when a page needs more than one
core answer at once), and nothing else: the rules they rely on live in ``ektp_desk.core``,
the widgets in ``ui/pages`` and ``ui/dialogs``. A page runs a core function directly when
its answer needs no shaping. Write jobs run on the runner's writer thread, reads on a
reader thread, so nothing here touches a widget.

- :mod:`.desk`       the front desk: scan, open, record, undo, today's list, walk-ins, closing
- :mod:`.schedule`   the Jadwal calendar, moving people, holidays
- :mod:`.letters`    the office profile and letter texts, and the people to preview
- :mod:`.people`     the Warga list's unmasking
- :mod:`.importing`  reading a KPU file for the import wizard
- :mod:`.sync`       the Sinkronisasi page's state
- :mod:`.settings`   the desk and clerk names
"""
