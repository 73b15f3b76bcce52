"""Page helpers: open the panel, read the grid."""

from __future__ import annotations

from typing import Any

from .site import Site

GRID_ROWS = "gem-access-log-grid .body .row"


def open_panel(page: Any, site: Site, path: str = "/gem-access", wait_rows: bool = True) -> None:
    page.goto(f"{site.url}{path}")
    page.wait_for_selector("gem-access-panel", state="attached", timeout=30_000)
    if wait_rows:
        page.wait_for_selector(
            f"{GRID_ROWS}, gem-access-log-grid .rowcard, #empty-state", timeout=30_000)


def row_ids(page: Any) -> list[int]:
    return [int(x) for x in page.locator(f"{GRID_ROWS}").evaluate_all(
        "els => els.map(e => e.dataset.id)")]


def wait_rows(page: Any, predicate_js: str, timeout: int = 15_000) -> None:
    """Wait until `predicate_js` (a JS expression over `ids`, the visible row ids) is true."""
    page.wait_for_function(
        """(pred) => {
          const panel = document.querySelector('home-assistant')?.shadowRoot
            ?.querySelector('home-assistant-main')?.shadowRoot
            ?.querySelector('partial-panel-resolver ha-panel-custom gem-access-panel');
          const view = panel?.shadowRoot?.querySelector('gem-access-log-view');
          const grid = view?.shadowRoot?.querySelector('gem-access-log-grid');
          const empty = view?.shadowRoot?.querySelector('#empty-state');
          const ids = grid ? [...grid.shadowRoot.querySelectorAll('.body .row, .rowcard')]
            .map(e => Number(e.dataset.id)) : [];
          return new Function('ids', 'empty', 'return ' + pred)(ids, !!empty);
        }""",
        arg=predicate_js,
        timeout=timeout,
    )


def log_rows(site: Site, **filters: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    before = None
    while True:
        msg = {"type": "gem_access/log/list", "limit": 1000, **filters}
        if before:
            msg["before_id"] = before
        page = site.ws(msg)[0]
        rows += page["rows"]
        before = page["next_before_id"]
        if not before:
            return rows


def select(page: Any, selector: str, value: str) -> None:
    page.locator(selector).select_option(value)
