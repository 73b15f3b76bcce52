"""Websocket commands of the panel; every one requires an admin."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from functools import partial
from typing import Any

import voluptuous as vol
from homeassistant.components import websocket_api
from homeassistant.components.websocket_api import ActiveConnection
from homeassistant.core import HomeAssistant, callback
from homeassistant.util import dt as dt_util

from .core.codes import AccessType, Reason, Result
from .drivers import async_register_websocket as async_register_driver_commands
from .errors import GemAccessError
from .logstore import flags, rollup, stats
from .logstore.rows import FilterValueError, LogFilter, timestamp_to_iso
from .logstore.store import LogStore
from .media.serving import signer_for
from .photos import PhotoStore
from .retention import async_delete_old_logs
from .services import loaded_entry, parse_keep_days
from .snapshots import async_get_snapshot

COLLECTION_ID_FIELD = {
    "users": "user_id",
    "devices": "device_id",
    "doors": "door_id",
    "rules": "rule_id",
}

LOG_FILTER_SCHEMA: dict[Any, Any] = {
    vol.Optional("user_id"): vol.Any(None, str),
    vol.Optional("device_id"): vol.Any(None, str),
    vol.Optional("door_id"): vol.Any(None, str),
    vol.Optional("access_type"): vol.Any(None, vol.In([t.value for t in AccessType])),
    vol.Optional("result"): vol.Any(None, vol.In([r.value for r in Result])),
    vol.Optional("reason"): vol.Any(None, vol.In([r.value for r in Reason])),
    vol.Optional("start"): vol.Any(None, str),
    vol.Optional("end"): vol.Any(None, str),
}


def log_filter(params: Mapping[str, Any]) -> LogFilter:
    """The filter of a websocket message or a CSV query string (one parser: LogFilter's).

    Empty values mean "no filter"; a date without offset is read in Home Assistant's time
    zone, as the panel shows it.
    """
    try:
        return LogFilter.from_params(params, default_tz=dt_util.get_default_time_zone())
    except FilterValueError as err:
        raise GemAccessError("invalid_datetime", field=err.field) from err


def _parse_when(field: str, value: str | None) -> datetime | None:
    """One start or end value, read exactly as a log filter reads it."""
    when: datetime | None = getattr(log_filter({field: value}), field)
    return when


def _send_error(connection: ActiveConnection, msg_id: int, err: GemAccessError) -> None:
    connection.send_message(
        websocket_api.error_message(
            msg_id,
            err.code,
            str(err),
            translation_domain=err.translation_domain,
            translation_key=err.translation_key,
            translation_placeholders=err.translation_placeholders,
        )
    )


def _guarded(
    handler: Callable[[HomeAssistant, ActiveConnection, dict[str, Any]], Any],
) -> Callable[[HomeAssistant, ActiveConnection, dict[str, Any]], Any]:
    """Admin only, async, and our validation errors sent with their code."""

    async def wrapper(
        hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
    ) -> None:
        try:
            await handler(hass, connection, msg)
        except GemAccessError as err:
            _send_error(connection, msg["id"], err)

    wrapper.__name__ = handler.__name__
    return websocket_api.require_admin(websocket_api.async_response(wrapper))


def _register_collection(hass: HomeAssistant, collection: str) -> None:
    id_field = COLLECTION_ID_FIELD[collection]
    base = f"gem_access/{collection}"

    async def _list(hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]) -> None:
        runtime = loaded_entry(hass).runtime_data
        items = runtime.config.list_public(collection)
        if collection in LAST_SEEN_FIELDS:
            await _add_last_seen(runtime.logs, collection, items)
        connection.send_result(msg["id"], items)

    async def _create(
        hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
    ) -> None:
        config = loaded_entry(hass).runtime_data.config
        fields = {k: v for k, v in msg.items() if k not in ("id", "type")}
        connection.send_result(msg["id"], await config.async_create(collection, fields))

    async def _update(
        hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
    ) -> None:
        config = loaded_entry(hass).runtime_data.config
        fields = {k: v for k, v in msg.items() if k not in ("id", "type", id_field)}
        connection.send_result(
            msg["id"], await config.async_update(collection, msg[id_field], fields)
        )

    async def _delete(
        hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
    ) -> None:
        config = loaded_entry(hass).runtime_data.config
        await config.async_delete(collection, msg[id_field])
        if collection == "users":
            # the photo is personal data: it goes with the user
            await hass.async_add_executor_job(PhotoStore(hass).delete, msg[id_field])
        connection.send_result(msg["id"])

    fields_schema = websocket_api.BASE_COMMAND_MESSAGE_SCHEMA.extend({}, extra=vol.ALLOW_EXTRA)
    for action, handler, schema in (
        (
            "list",
            _list,
            websocket_api.BASE_COMMAND_MESSAGE_SCHEMA.extend(
                {vol.Required("type"): f"{base}/list"}
            ),
        ),
        ("create", _create, fields_schema.extend({vol.Required("type"): f"{base}/create"})),
        (
            "update",
            _update,
            fields_schema.extend(
                {vol.Required("type"): f"{base}/update", vol.Required(id_field): str}
            ),
        ),
        (
            "delete",
            _delete,
            websocket_api.BASE_COMMAND_MESSAGE_SCHEMA.extend(
                {vol.Required("type"): f"{base}/delete", vol.Required(id_field): str}
            ),
        ),
    ):
        websocket_api.async_register_command(hass, f"{base}/{action}", _guarded(handler), schema)


@_guarded
async def ws_settings_get(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Return the settings."""
    connection.send_result(msg["id"], loaded_entry(hass).runtime_data.config.settings)


async def _settings_update(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    config = loaded_entry(hass).runtime_data.config
    fields = {k: v for k, v in msg.items() if k not in ("id", "type")}
    # the acknowledgement of the privacy notice is recorded with who gave it
    who = connection.user.name if connection.user is not None else None
    connection.send_result(msg["id"], await config.async_update_settings(fields, who))


async def _log_list(hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]) -> None:
    logs = loaded_entry(hass).runtime_data.logs
    rows, next_before_id = await logs.async_list(
        log_filter(msg), msg.get("limit", 100), msg.get("before_id")
    )
    connection.send_result(msg["id"], {"rows": rows, "next_before_id": next_before_id})


async def _log_count(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    logs = loaded_entry(hass).runtime_data.logs
    connection.send_result(msg["id"], {"count": await logs.async_count(log_filter(msg))})


async def _log_subscribe(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    runtime = loaded_entry(hass).runtime_data
    filt = log_filter(msg)
    msg_id = msg["id"]
    # Listen first, then read the newest id: a row committed in between is then either at or below
    # last_id (the client lists it) or above it (pushed here), never both and never neither.
    held: list[tuple[str, dict[str, Any]]] = []
    last_id: int | None = None

    @callback
    def _push(kind: str, row: dict[str, Any]) -> None:
        if last_id is None and kind == "added":
            held.append((kind, row))
            return
        if kind == "added" and last_id is not None and row["id"] <= last_id:
            return
        if filt.matches(row):
            connection.send_message(websocket_api.event_message(msg_id, {"type": kind, "row": row}))

    unsub = runtime.controller.async_add_row_listener(_push)
    connection.subscriptions[msg_id] = unsub
    try:
        newest = await runtime.logs.async_last_id()
    except BaseException:
        # no subscription was confirmed (the error goes to the client; a cancel means the
        # connection closed): nothing may keep pushing to this message id
        if connection.subscriptions.pop(msg_id, None) is unsub:
            unsub()
        raise
    last_id = newest or 0
    connection.send_result(msg_id, {"last_id": last_id})
    for kind, row in held:
        _push(kind, row)


async def _log_filter_choices(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Users and readers for the filter dropdowns: configured ones, plus deleted ones still in rows."""
    runtime = loaded_entry(hass).runtime_data
    from_rows = await runtime.logs.async_filter_choices()
    result: dict[str, list[dict[str, Any]]] = {}
    for key, collection in (("users", "users"), ("devices", "devices"), ("doors", "doors")):
        configured = runtime.config.data[collection]
        choices = [
            {"id": item_id, "name": record["name"], "deleted": False}
            for item_id, record in configured.items()
        ]
        choices += [
            {"id": seen["id"], "name": seen["name"] or seen["id"], "deleted": True}
            for seen in from_rows.get(key, [])
            if seen["id"] not in configured
        ]
        result[key] = sorted(choices, key=lambda c: (c["deleted"], str(c["name"]).casefold()))
    connection.send_result(msg["id"], result)


async def _snapshot_get(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    entry = loaded_entry(hass)
    # media URLs are signed for this session: an <img>/<video> cannot send the bearer token
    sign = signer_for(hass, connection.refresh_token_id)
    connection.send_result(msg["id"], await async_get_snapshot(hass, entry, msg["log_id"], sign))


async def _log_delete_old(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    keep_days = parse_keep_days(msg["keep_days"])
    entry = loaded_entry(hass)
    # the rows' media files go with them
    deleted = await async_delete_old_logs(hass, entry, keep_days, dt_util.utcnow())
    connection.send_result(msg["id"], {"deleted": deleted})


async def _face_score(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """The modal's "score now": score the row's picture (stored, else the NVR's) against its user."""
    entry = loaded_entry(hass)
    row = await entry.runtime_data.face.async_score_now(entry, msg["log_id"])
    if row is None:
        raise GemAccessError("unknown_log_row", "not_found", id=msg["log_id"])
    connection.send_result(msg["id"], row)


async def _face_delete_all(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Erase all biometric data: every embedding, and every profile photo when ``photos`` is true."""
    face = loaded_entry(hass).runtime_data.face
    connection.send_result(msg["id"], await face.async_delete_all(photos=msg["photos"]))


# users/list and devices/list: field -> kind of gem_access_last entry (logstore/rollup.py)
LAST_SEEN_FIELDS: dict[str, dict[str, str]] = {
    "users": {"last_access": rollup.LAST_USER_GRANTED, "last_denied": rollup.LAST_USER_DENIED},
    "devices": {"last_event": rollup.LAST_DEVICE},
}


async def _add_last_seen(logs: LogStore, collection: str, items: list[dict[str, Any]]) -> None:
    """Each record's newest row times (ISO 8601 UTC, None without one): one small table read."""
    fields = LAST_SEEN_FIELDS[collection]
    seen = await logs.async_run_read(partial(rollup.last_seen_map, kinds=tuple(fields.values())))
    for item in items:
        for field, kind in fields.items():
            ts = seen[kind].get(item["id"])
            item[field] = None if ts is None else timestamp_to_iso(ts)


def _config_names(runtime: Any) -> dict[str, dict[str, str]]:
    config = runtime.config
    return {
        "user_id": {key: r["name"] for key, r in config.data["users"].items()},
        "device_id": {key: r["name"] for key, r in config.data["devices"].items()},
    }


async def _log_stats(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Counts for the Reports view: series, totals, hour-of-week grid, top lists (logstore/stats.py)."""
    runtime = loaded_entry(hass).runtime_data
    filt = log_filter(msg)
    job = partial(
        stats.compute_stats,
        filt=filt,
        bucket=msg["bucket"],
        tz=dt_util.get_default_time_zone(),
        now=dt_util.utcnow(),
        names=_config_names(runtime),
    )
    try:
        reply = await runtime.logs.async_run_read(job)
    except stats.TooManyBucketsError as err:
        raise GemAccessError("too_many_buckets", bucket=msg["bucket"]) from err
    connection.send_result(msg["id"], reply)


async def _log_flags(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Red flags of a period, by default the last 24 hours (logstore/flags.py has the rules)."""
    runtime = loaded_entry(hass).runtime_data
    now = dt_util.utcnow()
    end = _parse_when("end", msg.get("end")) or now
    start = _parse_when("start", msg.get("start")) or end - timedelta(days=1)
    job = partial(
        flags.compute_flags,
        start=start.timestamp(),
        end=end.timestamp(),
        settings=runtime.config.settings,
        tz=dt_util.get_default_time_zone(),
    )
    connection.send_result(msg["id"], await runtime.logs.async_run_read(job))


def _cmd(schema: dict[Any, Any]) -> vol.Schema:
    return websocket_api.BASE_COMMAND_MESSAGE_SCHEMA.extend(schema)


@callback
def async_setup(hass: HomeAssistant) -> None:
    """Register every command."""
    for collection in COLLECTION_ID_FIELD:
        _register_collection(hass, collection)
    register = partial(websocket_api.async_register_command, hass)
    async_register_driver_commands(hass)  # gem_access/drivers/list
    register(
        "gem_access/settings/get",
        ws_settings_get,
        _cmd({vol.Required("type"): "gem_access/settings/get"}),
    )
    register(
        "gem_access/settings/update",
        _guarded(_settings_update),
        websocket_api.BASE_COMMAND_MESSAGE_SCHEMA.extend(
            {vol.Required("type"): "gem_access/settings/update"}, extra=vol.ALLOW_EXTRA
        ),
    )
    register(
        "gem_access/log/list",
        _guarded(_log_list),
        _cmd(
            {
                vol.Required("type"): "gem_access/log/list",
                **LOG_FILTER_SCHEMA,
                vol.Optional("limit", default=100): vol.All(int, vol.Range(min=1, max=1000)),
                vol.Optional("before_id"): vol.Any(None, vol.All(int, vol.Range(min=1))),
            }
        ),
    )
    register(
        "gem_access/log/subscribe",
        _guarded(_log_subscribe),
        _cmd(
            {
                vol.Required("type"): "gem_access/log/subscribe",
                **LOG_FILTER_SCHEMA,
            }
        ),
    )
    register(
        "gem_access/log/count",
        _guarded(_log_count),
        _cmd({vol.Required("type"): "gem_access/log/count", **LOG_FILTER_SCHEMA}),
    )
    register(
        "gem_access/snapshot/get",
        _guarded(_snapshot_get),
        _cmd(
            {
                vol.Required("type"): "gem_access/snapshot/get",
                vol.Required("log_id"): vol.All(int, vol.Range(min=1)),
            }
        ),
    )
    register(
        "gem_access/face/score",
        _guarded(_face_score),
        _cmd(
            {
                vol.Required("type"): "gem_access/face/score",
                vol.Required("log_id"): vol.All(int, vol.Range(min=1)),
            }
        ),
    )
    register(
        "gem_access/face/delete_all",
        _guarded(_face_delete_all),
        _cmd(
            {
                vol.Required("type"): "gem_access/face/delete_all",
                vol.Optional("photos", default=False): bool,
            }
        ),
    )
    register(
        "gem_access/log/stats",
        _guarded(_log_stats),
        _cmd(
            {
                vol.Required("type"): "gem_access/log/stats",
                **LOG_FILTER_SCHEMA,
                vol.Optional("bucket", default="day"): vol.In(stats.BUCKETS),
            }
        ),
    )
    register(
        "gem_access/log/flags",
        _guarded(_log_flags),
        _cmd(
            {
                vol.Required("type"): "gem_access/log/flags",
                vol.Optional("start"): vol.Any(None, str),
                vol.Optional("end"): vol.Any(None, str),
            }
        ),
    )
    register(
        "gem_access/log/filter_choices",
        _guarded(_log_filter_choices),
        _cmd({vol.Required("type"): "gem_access/log/filter_choices"}),
    )
    register(
        "gem_access/log/delete_old",
        _guarded(_log_delete_old),
        _cmd(
            {
                vol.Required("type"): "gem_access/log/delete_old",
                vol.Required("keep_days"): object,
            }
        ),
    )
