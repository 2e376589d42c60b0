"""Summoning letters (surat panggilan) and delivery lists (daftar tanda terima) as PDF.

- :mod:`.profile`   the office profile (kop, signer, logo, paper, numbering pattern)
- :mod:`.templates` the letter's wording per round, with placeholders, validated
- :mod:`.numbering` numbers, the letter register (agenda surat keluar), QR letter codes
- :mod:`.render`    the letter renderer (reportlab canvas, QR as one path)
- :mod:`.receipts`  the delivery list per RT/RW (platypus LongTable)
- :mod:`.pdfjoin`   joins the parts rendered by worker processes into one PDF
- :mod:`.batch`     choosing, numbering, rendering and registering a print run
"""
