"""What a print request becomes on the ``lp`` command line, and the checks before it."""

from __future__ import annotations

from pathlib import Path

import pytest

from ektp_desk.core.errors import UserError
from ektp_desk.core.printing import PrintRequest, paper_for, parse_range
from ektp_desk.core.printing.cups import lp_arguments, media_option


def test_f4_duplex_range_and_copies_reach_lp_unscaled():
    args = lp_arguments(PrintRequest(Path("/x/surat.pdf"), "HP_Kantor", copies=2,
                                     pages=(3, 7), paper="F4", duplex=True, title="surat"))
    pairs = dict(zip(args[::2], args[1::2], strict=False))
    assert pairs["-d"] == "HP_Kantor" and pairs["-n"] == "2" and pairs["-P"] == "3-7"
    options = [args[i + 1] for i, a in enumerate(args) if a == "-o"]
    assert options == ["media=Custom.215x330mm", "print-scaling=none", "fit-to-page=false",
                       "sides=two-sided-long-edge"]
    assert args[-2:] == ["--", "/x/surat.pdf"]  # a file named "-x" is still a file


def test_a4_by_name_one_side_every_page():
    args = lp_arguments(PrintRequest(Path("s.pdf"), "P", paper="A4"))
    assert "media=A4" in args and "sides=one-sided" in args and "-P" not in args
    assert media_option("A4") == "A4" and media_option("F4") == "Custom.215x330mm"


def test_paper_from_the_page_size():
    assert paper_for(595.28, 841.89) == "A4"
    assert paper_for(609.45, 935.43) == "F4"
    assert paper_for(935.43, 609.45) == "F4"  # landscape, same paper


def test_page_ranges():
    assert parse_range("", 10) is None
    assert parse_range("3-7", 10) == (3, 7)
    assert parse_range("4", 10) == (4, 4)
    assert parse_range("2\u20135", 10) == (2, 5)
    assert parse_range("8-", 10) == (8, 10)
    for bad in ("0-3", "5-2", "3-11", "a-b"):
        with pytest.raises(UserError) as caught:
            parse_range(bad, 10)
        assert "Rentang halaman" in caught.value.message


def test_copies_and_paper_are_checked():
    with pytest.raises(UserError, match="salinan"):
        PrintRequest(Path("s.pdf"), "P", copies=0, paper="A4").checked(3)
    with pytest.raises(UserError, match="kertas"):
        PrintRequest(Path("s.pdf"), "P", paper="Letter").checked(3)


def test_a_page_range_holds_the_letters_on_those_pages():
    from ektp_desk.core.printing.jobs import letters_on_pages

    ids = (11, 12, 13, 14, 15)
    assert letters_on_pages(ids, None) == ids
    assert letters_on_pages(ids, (2, 3)) == (12, 13)
    assert letters_on_pages(ids, (5, 5)) == (15,)
