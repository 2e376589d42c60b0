"""The domain and its storage. Never imports PySide6 (an import-linter contract checks it)."""
