"""The Meja Layanan page: the front desk on a recording day, keyboard and scanner first.

- The big search field always has the focus (every action gives it back). A USB barcode
  scanner types the letter's QR text (``EKTP:<code>``) and Enter: the person opens and,
  with "Tandai hadir saat dipindai" on, is marked hadir with a queue number, in one write
  job. A NIK or a name and Enter: a NIK opens its person; a name gives a list to pick from
  (Up/Down, Enter).
- The person card: name, a big status badge in the status's colour, the queue number, the
  summons, and a yellow banner with the core's warnings (scheduled another day or
  elsewhere: a warning, never a refusal).
- One button per outcome with its key (F2 Hadir, F3 Terekam, Shift+F3 tanpa jari, …); the
  keys work anywhere on the page. Gagal rekam, Tidak dapat dilayani, Dirujuk and Direkam di
  luar daerah ask their reason (the last two their place too). A key acts only on the card
  shown, once it matches the search: while results wait for a choice, typed text is not
  yet opened or a person is opening, and for a greyed-out button (the status or the age
  rules refuse it), a key only says why (``outcomes.py``).
- Ctrl+Z undoes the shown person's last change (a correcting event); the history under the
  card strikes undone events through.
- Today's list (semua / dijadwalkan / hadir / menunggu / selesai) with queue numbers and
  counts, read again on every change notice and every few seconds (other desks).
- Datang langsung… (Ctrl+N) adds a walk-in; Tutup hari… asks with the number of no-shows
  it will mark and who still waits, marks them and shows the day's counts.

Every write goes through the runner's writer, every read through a reader thread.
"""

from ektp_desk.ui.pages.meja.page import MejaPage

__all__ = ["MejaPage"]
