"""One log-filter parser, and the names Python and the panel's TypeScript share, pinned together.

The panel repeats the backend's codes (results, reasons, access types, match statuses), the row
fields and the page size by hand; these tests read the TypeScript sources so a code added or
renamed on one side fails here instead of showing raw codes or empty columns in the panel.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from custom_components.gem_access.core.codes import AccessType, MatchStatus, Reason, Result
from custom_components.gem_access.errors import GemAccessError
from custom_components.gem_access.logstore.rows import (
    AUDIT_FIELDS,
    DEFAULT_LIMIT,
    EQUALITY_FILTER_FIELDS,
    ROW_FIELDS,
    LogFilter,
)
from custom_components.gem_access.websocket_api import LOG_FILTER_SCHEMA, log_filter

SRC = Path(__file__).parents[2] / "frontend" / "src"


def _ts(name: str) -> str:
    return (SRC / name).read_text(encoding="utf-8")


def _union(source: str, type_name: str) -> set[str]:
    """The string members of ``export type X = "a" | "b"``."""
    match = re.search(rf"export type {type_name} =([^;]+);", source)
    assert match, type_name
    return set(re.findall(r'"([a-z_]+)"', match.group(1)))


def _const_array(source: str, name: str) -> list[str]:
    match = re.search(rf"export const {name} = \[([^\]]*)\]", source)
    assert match, name
    return re.findall(r'"([a-z_0-9]+)"', match.group(1))


def _group_keys(source: str, name: str) -> set[str]:
    """The keys of a top-level group ``  name: { ... },`` of the panel's strings."""
    match = re.search(rf"^  {name}: \{{(.*?)\n  \}},", source, re.S | re.M)
    assert match, name
    return set(re.findall(r"^\s*([a-z_]+):", match.group(1), re.M))


def _interface_fields(source: str, name: str) -> dict[str, bool]:
    """Field name -> optional, of ``export interface X { ... }``."""
    match = re.search(rf"export interface {name} \{{(.*?)\n\}}", source, re.S)
    assert match, name
    return {
        field: bool(optional)
        for field, optional in re.findall(r"^\s*([a-z_]+)(\?)?:", match.group(1), re.M)
    }


def test_codes_match_the_panel() -> None:
    types = _ts("types.ts")
    assert _union(types, "Result") == {r.value for r in Result}
    assert _union(types, "AccessType") == {t.value for t in AccessType}
    assert _union(types, "MatchStatus") == {m.value for m in MatchStatus}
    # the panel's words (strings/en.ts spreads in the card's share, strings/en-card.ts)
    strings = _ts("strings/en-card.ts") + _ts("strings/en.ts")
    # every reason has its words in the panel; no words for a reason the backend never sends
    assert _group_keys(strings, "reason") == {r.value for r in Reason}
    # every status but "scored" (shown as the score) has a label
    assert _group_keys(strings, "match") | {"scored"} == {m.value for m in MatchStatus}
    assert _group_keys(strings, "result") == {r.value for r in Result} | {Reason.DURESS.value}
    assert _group_keys(strings, "access_type") == {t.value for t in AccessType}
    filters = _ts("filters.ts")
    assert _const_array(filters, "ACCESS_TYPES") == [t.value for t in AccessType]
    # the result filter offers every result, and duress (granted with reason duress)
    assert set(_const_array(filters, "RESULT_FILTERS")) == {r.value for r in Result} | {
        Reason.DURESS.value
    }


def test_row_fields_filters_and_page_size_match_the_panel() -> None:
    row = _interface_fields(_ts("types.ts"), "LogRow")
    assert {f for f, optional in row.items() if not optional} == set(ROW_FIELDS)
    assert set(AUDIT_FIELDS) <= set(row)
    query = _interface_fields(_ts("filters.ts"), "LogQuery")
    assert set(query) == {*EQUALITY_FILTER_FIELDS, "start", "end"}
    assert {str(key) for key in LOG_FILTER_SCHEMA} == set(query)
    page = re.search(r"export const PAGE_SIZE = (\d+);", _ts("api.ts"))
    assert page and int(page.group(1)) == DEFAULT_LIMIT


def test_one_parser_for_websocket_and_csv_filters() -> None:
    # what a query string sends for a cleared dropdown: no filter, not "the user with id ''"
    cleared = log_filter({"user_id": "", "device_id": "", "result": "denied", "start": ""})
    assert cleared == LogFilter(result="denied")
    assert cleared.equality_filters() == {"result": "denied"}
    # the panel's ISO strings, with an offset or a Z
    assert log_filter({"start": "2026-11-26T00:00:00Z"}).start == datetime(
        2026, 11, 26, tzinfo=UTC
    )
    # a websocket message and a query string with the same values give the same filter
    params = {"door_id": "front", "access_type": "pin", "end": "2026-11-27T00:00:00+01:00"}
    assert log_filter(params) == LogFilter.from_params(params)
    # a malformed or impossible date names its field, translated
    for bad in ("yesterday", "2026-02-30T00:00:00"):
        with pytest.raises(GemAccessError) as err:
            log_filter({"end": bad})
        assert err.value.translation_key == "invalid_datetime"
        assert err.value.translation_placeholders == {"field": "end"}
