"""The Japanese fiscal year (年度): April to March, named by the calendar year in which it starts.

2025-04-01 … 2026-03-31 is 2025年度 (FY2025). Every report that speaks of a year uses these functions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

FISCAL_YEAR_START_MONTH = 4


@dataclass(frozen=True)
class FiscalYear:
    year: int

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, FISCAL_YEAR_START_MONTH, 1)

    @property
    def end(self) -> dt.date:
        """The last day (inclusive): 31 March of the next calendar year."""
        return dt.date(self.year + 1, FISCAL_YEAR_START_MONTH, 1) - dt.timedelta(days=1)

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        return _("FY%(year)s") % {"year": self.year}

    def previous(self) -> FiscalYear:
        return FiscalYear(self.year - 1)

    def next(self) -> FiscalYear:
        return FiscalYear(self.year + 1)


def fiscal_year(day: dt.date) -> FiscalYear:
    """The fiscal year ``day`` falls in: January–March belong to the year that began the April before."""
    return FiscalYear(day.year if day.month >= FISCAL_YEAR_START_MONTH else day.year - 1)
