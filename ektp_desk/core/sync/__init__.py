"""USB sync files between the kecamatan offices and the city office
(docs/architecture.md, "Sync files").

- :mod:`.office`    identity, keys under a passphrase, office cards, trust, rotation
- :mod:`.hlc`       hybrid logical clock and wrong-clock warnings
- :mod:`.envelope`  the file format: header, AES-256-GCM payload, X25519 key wrap, Ed25519
- :mod:`.records`   what travels, stamping local rows, the merge and status rules
- :mod:`.export`    one file per recipient with everything it has not acknowledged
- :mod:`.apply`     import in one transaction; conflicts; deferred rows
- :mod:`.receipts`  signed receipts and acknowledgements
- :mod:`.status`    per office: sent, acknowledged, pending, last file
"""
