"""The deal filter options shared by `search` and `deals`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from scwatch.api import DealFilter

KindOption = Annotated[
    list[str] | None,
    typer.Option(
        "--deal",
        help="Only deals of this kind: mou, export (any export kind), consultation, pilot. "
        "Repeatable.",
    ),
]
StatusOption = Annotated[
    list[str] | None,
    typer.Option(
        "--status",
        help="Only deals with this status: done, scheduled, planned, background, none. "
        "Repeatable.",
    ),
]
CountryOption = Annotated[
    str | None, typer.Option("--country", help="Only deals in this country (Korean name: 베트남).")
]
PartyOption = Annotated[
    str | None, typer.Option("--party", help="Only deals with a party whose name holds this: LH.")
]


def deal_filter(
    kinds: list[str] | None, statuses: list[str] | None, country: str | None, party: str | None
) -> DealFilter | None:
    """The filter the options ask for, or None when none was given."""
    if not (kinds or statuses or country or party):
        return None
    from scwatch.api import DealFilter

    return DealFilter(kinds=kinds or None, statuses=statuses or None, country=country, party=party)
