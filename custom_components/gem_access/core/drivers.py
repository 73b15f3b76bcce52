"""What each reader driver takes as options: one description per driver (pure: no HA imports).

These descriptions are the one home of driver knowledge outside the drivers themselves:
``validation.clean_driver_options`` validates ``driver_options`` with them, the panel renders the
driver-options form from them (``gem_access/drivers/list`` sends them; a copy in
``frontend/src/views/driver-descriptions.ts`` lets the panel work before the answer arrives, and a
test pins the two together), and the drivers read their options under these keys.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Final, Literal

from .keypad import DEFAULT_KEY_TIMEOUT_S
from .wiegand import WIEGAND_FORMATS

SERIAL_BAUDRATE_MIN: Final = 1200
SERIAL_BAUDRATE_MAX: Final = 921600
SERIAL_DEFAULT_BAUDRATE: Final = 9600
OSDP_DEFAULT_BAUDRATE: Final = 9600
TEXT_MAX: Final = 255
SERIAL_FORMATS: Final = ("line", *WIEGAND_FORMATS)

OptionType = Literal["text", "number", "select", "bool"]
# extra checks by meaning: a serial port (device path or network converter), an HA device id
OptionKind = Literal["serial_port", "ha_device", "hex_key"]


@dataclass(frozen=True, slots=True)
class OptionDescription:
    """One option of a driver: its validation and how the form shows it."""

    key: str
    label: str
    type: OptionType
    required: bool = False
    help: str = ""
    min: float | None = None
    max: float | None = None
    integer: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (value, label) of a select
    default: str | int | float | None = None  # what the driver uses when the option is left out
    kind: OptionKind | None = None
    # the error key when a required option is missing (the generic one is ``invalid_field``)
    missing_error: str = "invalid_field"


@dataclass(frozen=True, slots=True)
class DriverDescription:
    """One driver: its label in the panel, a note shown with its form, and its options."""

    name: str
    label: str
    options: tuple[OptionDescription, ...] = ()
    note: str = ""

    def option(self, key: str) -> OptionDescription | None:
        """The option under ``key``, if this driver has one."""
        return next((o for o in self.options if o.key == key), None)


_PORT = OptionDescription(
    "port",
    "Port",
    "text",
    required=True,
    help="Best a stable /dev/serial/by-id/… link, or socket://host:port / rfc2217://host:port",
    kind="serial_port",
)

DRIVER_DESCRIPTIONS: Final[dict[str, DriverDescription]] = {
    "virtual": DriverDescription(
        "virtual",
        "Virtual (service calls, ESPHome)",
        note="Fed by the gem_access.present_credential action; always online.",
    ),
    "serial": DriverDescription(
        "serial",
        "Serial reader",
        (
            _PORT,
            OptionDescription(
                "baudrate",
                "Baud rate",
                "number",
                help=f"Empty: {SERIAL_DEFAULT_BAUDRATE}",
                min=SERIAL_BAUDRATE_MIN,
                max=SERIAL_BAUDRATE_MAX,
                integer=True,
                default=SERIAL_DEFAULT_BAUDRATE,
            ),
            OptionDescription(
                "format",
                "Format",
                "select",
                help="What the reader sends: PIN:/CARD:/REX lines, or Wiegand frames as lines of bits",
                choices=(
                    ("line", "Lines (PIN:, CARD:, REX)"),
                    ("wiegand26", "Wiegand 26-bit (H10301)"),
                    ("wiegand34", "Wiegand 34-bit (H10306)"),
                    ("wiegand37", "Wiegand 37-bit (H10304)"),
                    ("wiegand_raw", "Wiegand, raw bits (no parity check)"),
                ),
                default="line",
            ),
            OptionDescription(
                "key_timeout_s",
                "Keypad timeout (s)",
                "number",
                help=f"Wiegand keypads: digits older than this are forgotten. Empty: {DEFAULT_KEY_TIMEOUT_S:g}",
                min=1,
                max=60,
                default=DEFAULT_KEY_TIMEOUT_S,
            ),
            OptionDescription(
                "silence_timeout_s",
                "Silence timeout (s)",
                "number",
                help="Report the reader when it sends nothing this long. Empty: no watchdog",
                min=1,
                max=86400,
            ),
        ),
    ),
    "osdp": DriverDescription(
        "osdp",
        "OSDP reader (RS-485)",
        (
            OptionDescription(
                "port",
                "Port",
                "text",
                required=True,
                help="The RS-485 adapter; readers naming the same port share one bus",
                kind="serial_port",
            ),
            OptionDescription(
                "baudrate",
                "Baud rate",
                "number",
                help=f"Of the whole bus (readers on one port must agree). Empty: {OSDP_DEFAULT_BAUDRATE}",
                min=SERIAL_BAUDRATE_MIN,
                max=SERIAL_BAUDRATE_MAX,
                integer=True,
                default=OSDP_DEFAULT_BAUDRATE,
            ),
            OptionDescription(
                "address",
                "Address",
                "number",
                required=True,
                help="The reader's OSDP address on the bus (0-126)",
                min=0,
                max=126,
                integer=True,
            ),
            OptionDescription(
                "install_mode",
                "Install mode",
                "bool",
                help="Accept the reader without a key once, to give it this reader's secure-channel key",
                default=False,
            ),
        ),
    ),
    "ha_tag": DriverDescription(
        "ha_tag",
        "Home Assistant tag scanner",
        (
            OptionDescription(
                "tag_device_id",
                "Tag scanner",
                "text",
                required=True,
                help="Device id of the scanner whose scans count here",
                kind="ha_device",
                missing_error="tag_scanner_required",
            ),
        ),
        note=(
            "NFC tag UIDs are easy to clone and are visible to every Home Assistant user: only scans "
            "from the scanner chosen below count. Prefer a PIN (or PIN and tag) for doors that matter."
        ),
    ),
}
DRIVERS: Final = tuple(DRIVER_DESCRIPTIONS)


def descriptions_json() -> list[dict[str, Any]]:
    """The descriptions as the panel gets them (``gem_access/drivers/list``)."""
    out: list[dict[str, Any]] = []
    for description in DRIVER_DESCRIPTIONS.values():
        data = asdict(description)
        data["options"] = [
            {k: (list(map(list, v)) if k == "choices" else v) for k, v in option.items()}
            for option in data["options"]
        ]
        out.append(data)
    return out
