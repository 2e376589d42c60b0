"""Fixtures shared by the database tests."""

from __future__ import annotations

import pytest

from tests.sync_helpers import copy_offices


@pytest.fixture
def offices(template, tmp_path):
    """Fresh copies of the offices the test module's ``template`` fixture built
    (``tests.sync_helpers.build``), closed after the test."""
    made = copy_offices(template, tmp_path / "offices")
    yield made
    for item in made.values():
        item.db.close()
