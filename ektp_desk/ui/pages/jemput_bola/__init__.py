"""The Jemput Bola page: outreach places, the calendar of visits with each visit's people
and documents, the proposals and candidates for outreach, and a school or lapas list
import with its match review (docs/domain.md, "Jemput bola"). The page is ``page.py``;
its tabs, dialogs and tables are the modules beside it. Recording at a visit is done on
Meja Layanan, with the visit chosen under "Layanan di"."""

from ektp_desk.ui.pages.jemput_bola.page import JemputBolaPage

__all__ = ["JemputBolaPage"]
