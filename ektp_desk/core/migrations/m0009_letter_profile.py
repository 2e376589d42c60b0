"""The letter as an office signs it (docs/domain.md, "The letter").

- ``office_profile`` gains the kop's postcode and website (``contact`` stays the e-mail),
  and the images printed over the signature block: the signer's signature and the office
  stamp (cap dinas), stored in the database like the logo so a letter prints the same on
  any desk.
- The filing code: since Permendagri 83/2022 identity documents are 400.12.2.1, not
  471.13. A database still on the old *default* pattern moves to the new one only while no
  letter has been numbered: an office that has issued letters under 471.13 keeps its code
  (its agenda stays one series), and any office can choose 471.13 again on Profil Kantor.
"""

from __future__ import annotations

import sqlite3

VERSION = 9

OLD_DEFAULT = "471.13/{nomor}/Dindukcapil/{bulan_romawi}/{tahun}"
NEW_DEFAULT = "400.12.2.1/{nomor}/Dindukcapil/{bulan_romawi}/{tahun}"

SQL = [
    "ALTER TABLE office_profile ADD COLUMN website TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE office_profile ADD COLUMN postcode TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE office_profile ADD COLUMN signature BLOB",
    "ALTER TABLE office_profile ADD COLUMN stamp BLOB",
]


def apply(conn: sqlite3.Connection) -> None:
    for statement in SQL:
        conn.execute(statement)
    conn.execute(
        "UPDATE office_profile SET number_pattern = ? WHERE number_pattern = ? "
        "AND NOT EXISTS (SELECT 1 FROM letter)", (NEW_DEFAULT, OLD_DEFAULT))
