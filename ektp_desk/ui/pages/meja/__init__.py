"""The Meja Layanan page: the front desk on a recording day, keyboard and scanner first.

- The big search field always has the focus (every action gives it back). A USB barcode
  scanner types the letter's QR text (``EKTP:<code>``) and Enter: the person opens and,
  with "Tandai hadir saat dipindai" on, is marked hadir with a queue number, in one write
  job. A NIK or a name and Enter: a NIK opens its person; a name gives a list to pick from
  (Up/Down, Enter).
- The person card: name, a big status badge in the status's colour, the queue number, the
  summons, and a yellow banner with the core's warnings (scheduled another day or
  elsewhere: a warning, never a refusal).
- One button per outcome with its key (F2 Hadir, F3 Terekam, …); the keys work anywhere on
  the page. Gagal rekam and Tidak dapat dilayani ask their reason.
- Ctrl+Z undoes the shown person's last change (a correcting event); the history under the
  card strikes undone events through.
- Today's list (semua / dijadwalkan / hadir / menunggu / selesai) with queue numbers and
  counts, read again on every change notice and every few seconds (other desks).
- Datang langsung… (Ctrl+N) adds a walk-in; Tutup hari… marks the no-shows and shows the
  day's counts.

Every write goes through the runner's writer, every read through a reader thread.
"""

from ektp_desk.ui.pages.meja.page import MejaPage

__all__ = ["MejaPage"]
