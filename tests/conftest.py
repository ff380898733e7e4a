"""Shared by every test folder: this file puts tests/ on the import path, so `first_slice` is importable."""
