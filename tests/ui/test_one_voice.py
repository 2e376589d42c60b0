"""One voice on every page: counts over 999 carry the thousands dot, and no English word
from Qt's own widgets (a button box's OK/Cancel, a dialog's Yes/No) shows anywhere."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QLabel, QTableView, QWidget

from ektp_desk.core import demo_drive
from ektp_desk.ui.main_window import MainWindow

# a run of 4+ digits that is not part of a dotted number, a time, a date, a code or a path
BARE_NUMBER = re.compile(r"(?<![\d.,:/\-•#_])\d{4,}(?![\d.,:/\-•_])")
DOTTED_COUNT = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{3})+(?![\d.])")
QT_ENGLISH = re.compile(r"\b(OK|Cancel|Close|Apply|Yes|No(?!\.)|Save|Open|Discard|Reset|Help)\b")


def bare_numbers(text: str) -> list[str]:
    """Runs of digits a count should have dotted; a year (1900–2100) is not a count."""
    return [n for n in BARE_NUMBER.findall(text) if not (len(n) == 4 and 1900 <= int(n) <= 2100)]


def shown_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) of what the clerk reads: labels, buttons, table cells and headers."""
    texts = []
    for label in root.findChildren(QLabel):
        if label.isVisible() and label.objectName() != "dbPath":
            texts.append((f"label {label.objectName()}", re.sub("<[^>]+>", " ", label.text())))
    for button in root.findChildren(QAbstractButton):
        if button.isVisible():
            texts.append((f"button {button.objectName()}", button.text()))
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if not view.isVisible() or model is None:
            continue
        for column in range(model.columnCount()):
            header = model.headerData(column, Qt.Orientation.Horizontal)
            texts.append((f"header {view.objectName()}", str(header or "")))
            for row in range(min(model.rowCount(), 40)):
                value = model.index(row, column).data()
                if value is not None:
                    texts.append((f"cell {view.objectName()}[{row},{column}]", str(value)))
    return texts


@pytest.fixture
def window(qtbot, db, db_path):
    demo_drive.build(db, 2500)
    main = MainWindow(db, db_path)
    qtbot.addWidget(main)
    main.resize(1366, 768 - 40 - 32)  # less the taskbar and the title bar
    main.show()
    qtbot.waitExposed(main)
    qtbot.waitUntil(lambda: main.size() == QSize(1366, 696), timeout=5000)
    yield main
    main.close()


def test_every_page_speaks_one_voice(qtbot, window, output_dir):
    wrong, dotted = [], []
    for row, (title, page) in enumerate(window.pages.items()):
        window.nav.setCurrentRow(row)
        qtbot.waitUntil(page.isVisible, timeout=5000)
        qtbot.waitUntil(lambda: not window.runner.busy, timeout=20000)
        for where, text in shown_texts(page):
            if "•" in text:  # a masked NIK's digit groups are not counts
                continue
            wrong += [f"{title}/{where}: {n!r} in {text!r}" for n in bare_numbers(text)]
            dotted += DOTTED_COUNT.findall(text)
            wrong += [f"{title}/{where}: English {m!r} in {text!r}"
                      for m in QT_ENGLISH.findall(text)]
    assert not wrong, "\n".join(wrong)
    assert dotted, "the walk saw no count over 999: it would not see one without its dot"


def cut_columns(view: QTableView) -> list[str]:
    """Columns whose text is cut ("NOVI AL…") although the table has room to show it: free
    width at the right, or another column wider than its contents by as much."""
    header = view.horizontalHeader()
    model = view.model()
    needed, width = {}, {}
    for column in range(model.columnCount()):
        if header.isSectionHidden(column):
            continue
        needed[column] = max(view.sizeHintForColumn(column), header.sectionSizeHint(column))
        width[column] = header.sectionSize(column)
    free = view.viewport().width() - sum(width.values())
    cut = []
    for column in needed:
        deficit = needed[column] - width[column]
        if deficit <= 2:
            continue
        slack = max(free, 0) + sum(max(width[c] - needed[c], 0) for c in needed if c != column)
        if slack >= deficit:
            name = model.headerData(column, Qt.Orientation.Horizontal)
            cut.append(f"{name}: {width[column]} px of {needed[column]}, {slack} px free")
    return cut


def test_no_page_scrolls_and_no_table_cuts_a_name_where_room_is_free(qtbot, window, output_dir):
    wrong = []
    for row, (title, page) in enumerate(window.pages.items()):
        window.nav.setCurrentRow(row)
        qtbot.waitUntil(page.isVisible, timeout=5000)
        qtbot.waitUntil(lambda: not window.runner.busy, timeout=20000)
        scroll = window.stack.currentWidget()
        qtbot.waitUntil(lambda s=scroll: s.widget().isVisible(), timeout=5000)
        try:  # the layout settles after the page is shown
            qtbot.waitUntil(lambda s=scroll: not (s.horizontalScrollBar().isVisible()
                                                  or s.verticalScrollBar().isVisible()),
                            timeout=3000)
        except qtbot.TimeoutError:
            wrong.append(f"{title}: the page scrolls at 1366×768 "
                         f"(needs {page.minimumSizeHint().width()}×"
                         f"{page.minimumSizeHint().height()})")
        for view in page.findChildren(QTableView):
            if view.isVisible() and view.model() is not None and view.model().rowCount():
                wrong += [f"{title}/{view.objectName()}: {c}" for c in cut_columns(view)]
        window.grab().save(str(output_dir / f"demo_1366_{row + 1}_{title.split()[0]}.png"))
    assert not wrong, "\n".join(wrong)
