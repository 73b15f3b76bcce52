"""AccessEngine.decide: every reason code the engine produces, cooldown, lockdown, duress, REX."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from custom_components.gem_access.core.codes import AccessType, Reason, Result
from custom_components.gem_access.core.credentials import (
    CredentialHasher,
    CredentialKind,
    CredentialRef,
    build_index,
    new_secret,
)
from custom_components.gem_access.core.engine import AccessEngine, AccessRequest, Decision
from custom_components.gem_access.core.models import (
    AccessConfig,
    AccessDevice,
    Door,
    EngineSettings,
    Rule,
    User,
)
from custom_components.gem_access.core.schedules import parse_schedule

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
# Monday 2024-06-03 12:00 local (10:00 UTC)
NOW = datetime(2024, 6, 3, 12, 0, tzinfo=BERLIN)
TODAY = NOW.date()

PIN, RFID, REX = AccessType.PIN, AccessType.RFID, AccessType.REX

# user id -> (pins, duress pins, cards)
CREDENTIALS: dict[str, tuple[list[str], list[str], list[str]]] = {
    "alice": (["1234"], ["9999"], ["12345678"]),
    "bob": (["5678"], [], ["87654321"]),
    "carol": (["2222"], [], []),
    "dave": (["3333"], [], []),
    "erin": (["4444"], [], []),
    "frank": (["5555"], [], []),
    "gina": (["6666"], [], []),
    "hank": (["7777"], [], []),
}


def default_users() -> dict[str, User]:
    return {
        "alice": User("alice", "Alice"),
        "bob": User("bob", "Bob", enabled=False),
        "carol": User("carol", "Carol", valid_until=TODAY - timedelta(days=1)),
        "dave": User("dave", "Dave", valid_from=TODAY + timedelta(days=1)),
        "erin": User("erin", "Erin"),
        "frank": User("frank", "Frank"),
        "gina": User("gina", "Gina"),
        "hank": User("hank", "Hank"),
    }


def default_rules() -> dict[str, Rule]:
    rules = [
        Rule(
            "r_main",
            "Main",
            device_ids=frozenset({"front", "back"}),
            user_ids=frozenset({"alice", "bob", "carol", "dave"}),
            held_open_threshold_sec=30,
            script_entity_id="script.welcome",
            duress_script_entity_id="script.silent_alarm",
        ),
        Rule(
            "r_off",
            "Disabled",
            enabled=False,
            device_ids=frozenset({"front"}),
            user_ids=frozenset({"frank"}),
        ),
        Rule(
            "r_sched",
            "Office hours",
            device_ids=frozenset({"front"}),
            user_ids=frozenset({"gina"}),
            schedule=parse_schedule(
                [{"days": ["mon", "tue", "wed", "thu", "fri"], "start": "08:00", "end": "18:00"}]
            ),
        ),
        Rule(
            "r_h_off",
            "Hank off",
            enabled=False,
            device_ids=frozenset({"front"}),
            user_ids=frozenset({"hank"}),
            held_open_threshold_sec=15,
        ),
        Rule(
            "r_h_on",
            "Hank on",
            device_ids=frozenset({"front"}),
            user_ids=frozenset({"hank"}),
            held_open_threshold_sec=45,
        ),
        Rule("r_side_empty", "Side, nobody", device_ids=frozenset({"side"})),
    ]
    return {r.id: r for r in rules}


class Site:
    """A small installation: config, index and engine."""

    def __init__(
        self,
        users: dict[str, User] | None = None,
        rules: dict[str, Rule] | None = None,
        settings: EngineSettings | None = None,
    ) -> None:
        self.hasher = CredentialHasher(new_secret())
        self.engine = AccessEngine(*self.build(users, rules, settings), self.hasher)

    def build(
        self,
        users: dict[str, User] | None = None,
        rules: dict[str, Rule] | None = None,
        settings: EngineSettings | None = None,
    ) -> tuple[AccessConfig, dict[str, CredentialRef]]:
        h = self.hasher
        index = build_index(
            {
                uid: {
                    "pins": [h.pin(p) for p in pins],
                    "duress_pins": [h.pin(p) for p in duress],
                    "rfid_cards": [h.card(c) for c in cards],
                }
                for uid, (pins, duress, cards) in CREDENTIALS.items()
            }
        )
        config = AccessConfig(
            users=default_users() if users is None else users,
            doors={
                "d1": Door("d1", "Main door", held_open_threshold_sec=120),
                "d2": Door("d2", "Side door"),
            },
            devices={
                "front": AccessDevice("front", "Front", "d1", rex_allowed=True),
                "back": AccessDevice("back", "Back", "d1"),
                "side": AccessDevice("side", "Side", "d2"),
            },
            rules=default_rules() if rules is None else rules,
            settings=settings or EngineSettings(),
        )
        return config, index

    def decide(
        self,
        device: str,
        access_type: AccessType,
        credential: str | None,
        now: datetime = NOW,
        tz: ZoneInfo = BERLIN,
    ) -> Decision:
        return self.engine.decide(AccessRequest(device, access_type, credential), now, tz)


@pytest.fixture
def site() -> Site:
    return Site()


ENGINE_REASONS = {
    Reason.SUCCESS,
    Reason.UNKNOWN_CREDENTIAL,
    Reason.USER_DISABLED,
    Reason.EXPIRED,
    Reason.NOT_AUTHORIZED,
    Reason.RULE_DISABLED,
    Reason.OUTSIDE_SCHEDULE,
    Reason.SCHEDULE_DAY,
    Reason.COOLDOWN,
    Reason.LOCKDOWN,
    Reason.DURESS,
}
SATURDAY_NOON = NOW + timedelta(days=5)
MONDAY_0700 = NOW - timedelta(hours=5)

# device, type, credential, now, expected result, reason, user id
CASES = [
    ("front", PIN, "1234", NOW, Result.GRANTED, Reason.SUCCESS, "alice"),
    ("back", PIN, "1234", NOW, Result.GRANTED, Reason.SUCCESS, "alice"),
    ("front", RFID, "12345678", NOW, Result.GRANTED, Reason.SUCCESS, "alice"),
    ("front", RFID, "0012345678", NOW, Result.GRANTED, Reason.SUCCESS, "alice"),
    ("front", PIN, "9999", NOW, Result.GRANTED, Reason.DURESS, "alice"),
    ("front", PIN, "0000", NOW, Result.DENIED, Reason.UNKNOWN_CREDENTIAL, None),
    ("front", PIN, "12345678", NOW, Result.DENIED, Reason.UNKNOWN_CREDENTIAL, None),  # card as PIN
    ("front", RFID, "1234", NOW, Result.DENIED, Reason.UNKNOWN_CREDENTIAL, None),  # PIN as card
    ("front", RFID, "9999", NOW, Result.DENIED, Reason.UNKNOWN_CREDENTIAL, None),  # duress as card
    ("front", PIN, "12", NOW, Result.DENIED, Reason.UNKNOWN_CREDENTIAL, None),
    ("front", RFID, "not-a-card!", NOW, Result.DENIED, Reason.UNKNOWN_CREDENTIAL, None),
    ("front", PIN, None, NOW, Result.DENIED, Reason.UNKNOWN_CREDENTIAL, None),
    ("front", PIN, "5678", NOW, Result.DENIED, Reason.USER_DISABLED, "bob"),
    ("front", RFID, "87654321", NOW, Result.DENIED, Reason.USER_DISABLED, "bob"),
    ("front", PIN, "2222", NOW, Result.DENIED, Reason.EXPIRED, "carol"),
    ("front", PIN, "3333", NOW, Result.DENIED, Reason.EXPIRED, "dave"),
    ("side", PIN, "1234", NOW, Result.DENIED, Reason.NOT_AUTHORIZED, "alice"),  # no rule here
    ("nowhere", PIN, "1234", NOW, Result.DENIED, Reason.NOT_AUTHORIZED, "alice"),
    ("front", PIN, "4444", NOW, Result.DENIED, Reason.NOT_AUTHORIZED, "erin"),  # not listed
    ("front", PIN, "5555", NOW, Result.DENIED, Reason.RULE_DISABLED, "frank"),
    ("front", PIN, "6666", NOW, Result.GRANTED, Reason.SUCCESS, "gina"),
    ("front", PIN, "6666", MONDAY_0700, Result.DENIED, Reason.OUTSIDE_SCHEDULE, "gina"),
    ("front", PIN, "6666", SATURDAY_NOON, Result.DENIED, Reason.SCHEDULE_DAY, "gina"),
    ("front", PIN, "7777", NOW, Result.GRANTED, Reason.SUCCESS, "hank"),
    ("front", REX, None, NOW, Result.GRANTED, Reason.SUCCESS, None),
    # REX only from an exit device (rex_allowed): a keypad outside never opens by REX
    ("back", REX, None, NOW, Result.DENIED, Reason.NOT_AUTHORIZED, None),
    ("nowhere", REX, None, NOW, Result.DENIED, Reason.NOT_AUTHORIZED, None),
]


@pytest.mark.parametrize(
    ("device", "access_type", "credential", "now", "result", "reason", "user_id"), CASES
)
def test_decision_table(
    site: Site,
    device: str,
    access_type: AccessType,
    credential: str | None,
    now: datetime,
    result: Result,
    reason: Reason,
    user_id: str | None,
) -> None:
    decision = site.decide(device, access_type, credential, now)
    assert (decision.result, decision.reason, decision.user_id) == (result, reason, user_id)
    assert decision.granted is (result is Result.GRANTED)
    if user_id is not None:
        assert decision.user_name == user_id.capitalize()


def test_every_engine_reason_is_exercised() -> None:
    covered = {case[5] for case in CASES} | {Reason.COOLDOWN, Reason.LOCKDOWN}
    assert covered == ENGINE_REASONS
    # the remaining reason codes belong to the door monitor and the action layer
    assert set(Reason) - ENGINE_REASONS == {
        Reason.FORCED_DOOR,
        Reason.HELD_OPEN,
        Reason.ACTION_FAILED,
        Reason.DEVICE_ERROR,
    }


def test_granted_decision_carries_rule(site: Site) -> None:
    decision = site.decide("front", PIN, "1234")
    assert decision.rule is not None
    assert decision.rule.id == "r_main"
    assert decision.rule.held_open_threshold_sec == 30
    assert decision.rule.script_entity_id == "script.welcome"
    assert not decision.duress


def test_duress_grants_and_identifies_user(site: Site) -> None:
    decision = site.decide("back", PIN, "9999")
    assert decision.granted
    assert decision.duress
    assert decision.result is Result.GRANTED
    assert decision.reason is Reason.DURESS
    assert (decision.user_id, decision.user_name) == ("alice", "Alice")
    assert decision.rule is not None
    assert decision.rule.duress_script_entity_id == "script.silent_alarm"


def test_duress_pin_still_needs_a_rule(site: Site) -> None:
    decision = site.decide("side", PIN, "9999")
    assert (decision.result, decision.reason) == (Result.DENIED, Reason.NOT_AUTHORIZED)


def test_enabled_rule_wins_over_disabled_one(site: Site) -> None:
    decision = site.decide("front", PIN, "7777")
    assert decision.granted
    assert decision.rule is not None
    assert decision.rule.id == "r_h_on"
    assert decision.rule.held_open_threshold_sec == 45


def test_rule_disabled_names_the_rule(site: Site) -> None:
    decision = site.decide("front", PIN, "5555")
    assert decision.rule is not None
    assert decision.rule.id == "r_off"


def test_index_pointing_to_missing_user_is_unknown() -> None:
    users = default_users()
    del users["alice"]
    decision = Site(users=users).decide("front", PIN, "1234")
    assert (decision.reason, decision.user_id) == (Reason.UNKNOWN_CREDENTIAL, None)


def test_schedule_read_in_given_time_zone(site: Site) -> None:
    instant = datetime(2024, 6, 3, 6, 30, tzinfo=UTC)  # 08:30 Berlin, 02:30 New York
    assert site.decide("front", PIN, "6666", instant, BERLIN).reason is Reason.SUCCESS
    assert site.decide("front", PIN, "6666", instant, NEW_YORK).reason is Reason.OUTSIDE_SCHEDULE


def test_outside_hours_beats_wrong_day_across_rules() -> None:
    rules = default_rules()
    rules["r_weekend"] = Rule(
        "r_weekend",
        "Weekend",
        device_ids=frozenset({"front"}),
        user_ids=frozenset({"gina"}),
        schedule=parse_schedule([{"days": ["sat", "sun"], "start": "10:00", "end": "12:00"}]),
    )
    site = Site(rules=rules)
    assert site.decide("front", PIN, "6666", MONDAY_0700).reason is Reason.OUTSIDE_SCHEDULE
    saturday_0900 = SATURDAY_NOON - timedelta(hours=3)
    assert site.decide("front", PIN, "6666", saturday_0900).reason is Reason.OUTSIDE_SCHEDULE
    assert site.decide("front", PIN, "6666", SATURDAY_NOON - timedelta(hours=1)).granted


def test_overnight_rule_in_engine_across_dst() -> None:
    rules = default_rules()
    rules["r_sched"] = replace(
        rules["r_sched"],
        schedule=parse_schedule([{"days": ["sat"], "start": "22:00", "end": "06:00"}]),
    )
    site = Site(rules=rules)
    # Berlin fall back night: Sat 26 Oct 2024 22:00 CEST .. Sun 27 Oct 06:00 CET
    assert (
        site.decide("front", PIN, "6666", datetime(2024, 10, 26, 19, 59, tzinfo=UTC)).reason
        is Reason.OUTSIDE_SCHEDULE
    )
    for hh, mm in ((20, 0), (23, 59), (0, 30), (1, 30), (4, 59)):
        day = 26 if hh >= 20 else 27
        instant = datetime(2024, 10, day, hh, mm, tzinfo=UTC)
        assert site.decide("front", PIN, "6666", instant).granted, instant
    assert (
        site.decide("front", PIN, "6666", datetime(2024, 10, 27, 5, 0, tzinfo=UTC)).reason
        is Reason.OUTSIDE_SCHEDULE
    )


# --- validity dates ----------------------------------------------------------------------------


def with_alice(**fields: object) -> Site:
    users = default_users()
    users["alice"] = replace(users["alice"], **fields)  # type: ignore[arg-type]
    return Site(users=users)


@pytest.mark.parametrize(
    ("fields", "now", "reason"),
    [
        ({"valid_until": date(2024, 6, 2)}, NOW, Reason.EXPIRED),
        ({"valid_from": date(2024, 6, 4)}, NOW, Reason.EXPIRED),
        ({"valid_from": date(2024, 6, 3), "valid_until": date(2024, 6, 3)}, NOW, Reason.SUCCESS),
        # a date bound covers that whole local (Berlin) day, not the UTC day
        (
            {"valid_until": date(2024, 6, 3)},
            datetime(2024, 6, 3, 21, 59, tzinfo=UTC),
            Reason.SUCCESS,
        ),
        (
            {"valid_until": date(2024, 6, 3)},
            datetime(2024, 6, 3, 22, 0, tzinfo=UTC),
            Reason.EXPIRED,
        ),
        ({"valid_from": date(2024, 6, 3)}, datetime(2024, 6, 2, 22, 0, tzinfo=UTC), Reason.SUCCESS),
        (
            {"valid_from": date(2024, 6, 3)},
            datetime(2024, 6, 2, 21, 59, tzinfo=UTC),
            Reason.EXPIRED,
        ),
        # datetime bounds are exact instants
        (
            {"valid_from": datetime(2024, 6, 3, 10, 0, tzinfo=UTC)},
            datetime(2024, 6, 3, 9, 59, 59, tzinfo=UTC),
            Reason.EXPIRED,
        ),
        (
            {"valid_from": datetime(2024, 6, 3, 10, 0, tzinfo=UTC)},
            datetime(2024, 6, 3, 10, 0, tzinfo=UTC),
            Reason.SUCCESS,
        ),
        (
            {"valid_until": datetime(2024, 6, 3, 12, 0, tzinfo=BERLIN)},
            datetime(2024, 6, 3, 10, 0, tzinfo=UTC),
            Reason.SUCCESS,
        ),
        (
            {"valid_until": datetime(2024, 6, 3, 12, 0, tzinfo=BERLIN)},
            datetime(2024, 6, 3, 10, 0, 1, tzinfo=UTC),
            Reason.EXPIRED,
        ),
    ],
)
def test_validity_bounds(fields: dict[str, object], now: datetime, reason: Reason) -> None:
    decision = with_alice(**fields).decide("front", PIN, "1234", now)
    assert decision.reason is reason
    assert decision.user_id == "alice"


def test_disabled_checked_before_validity() -> None:
    decision = with_alice(enabled=False, valid_until=date(2020, 1, 1)).decide("front", PIN, "1234")
    assert decision.reason is Reason.USER_DISABLED


def test_expired_duress_pin_is_denied() -> None:
    decision = with_alice(valid_until=date(2020, 1, 1)).decide("front", PIN, "9999")
    assert (decision.result, decision.reason) == (Result.DENIED, Reason.EXPIRED)


# --- lockdown ----------------------------------------------------------------------------------


def test_lockdown_denies_credentials_but_not_rex(site: Site) -> None:
    site.engine.lockdown = True
    for access_type, credential in (
        (PIN, "1234"),
        (RFID, "12345678"),
        (PIN, "0000"),
    ):
        decision = site.decide("front", access_type, credential)
        assert (decision.result, decision.reason) == (Result.DENIED, Reason.LOCKDOWN)
        assert decision.user_id is None
        assert not decision.duress_in_lockdown
    rex = site.decide("front", REX, None)
    assert (rex.result, rex.reason) == (Result.GRANTED, Reason.SUCCESS)
    site.engine.lockdown = False
    assert site.decide("front", PIN, "1234").reason is Reason.SUCCESS


# --- cooldown ----------------------------------------------------------------------------------


def at(seconds: float) -> datetime:
    return NOW + timedelta(seconds=seconds)


def fail(site: Site, device: str, seconds: float) -> Decision:
    decision = site.decide(device, PIN, "0000", at(seconds))
    assert decision.reason is Reason.UNKNOWN_CREDENTIAL
    return decision


def test_cooldown_after_n_failures(site: Site) -> None:
    for i in range(5):
        fail(site, "front", i * 10)
    decision = site.decide("front", PIN, "1234", at(41))
    assert (decision.result, decision.reason) == (Result.DENIED, Reason.COOLDOWN)
    assert decision.user_id is None  # the credential is not even evaluated
    assert site.decide("front", RFID, "12345678", at(42)).reason is Reason.COOLDOWN
    assert site.decide("front", PIN, "9999", at(43)).reason is Reason.COOLDOWN


def test_four_failures_do_not_trigger(site: Site) -> None:
    for i in range(4):
        fail(site, "front", i)
    assert site.decide("front", PIN, "1234", at(5)).reason is Reason.SUCCESS


def test_any_denial_counts(site: Site) -> None:
    for i, pin in enumerate(["5678", "2222", "4444", "5555", "0000"]):
        assert site.decide("front", PIN, pin, at(i)).result is Result.DENIED
    assert site.decide("front", PIN, "1234", at(6)).reason is Reason.COOLDOWN


def test_cooldown_is_per_reader(site: Site) -> None:
    for i in range(5):
        fail(site, "front", i)
    assert site.decide("front", PIN, "1234", at(6)).reason is Reason.COOLDOWN
    assert site.decide("back", PIN, "1234", at(6)).reason is Reason.SUCCESS
    assert site.decide("side", PIN, "0000", at(7)).reason is Reason.UNKNOWN_CREDENTIAL


def test_failures_at_different_readers_do_not_add_up(site: Site) -> None:
    for i in range(4):
        fail(site, "front", i)
        fail(site, "back", i)
    assert site.decide("front", PIN, "1234", at(5)).reason is Reason.SUCCESS
    assert site.decide("back", PIN, "1234", at(5)).reason is Reason.SUCCESS


def test_cooldown_expires_after_cooldown_s(site: Site) -> None:
    for i in range(5):
        fail(site, "front", i)  # the 5th denial at t=4 starts 300 s of cooldown
    assert site.decide("front", PIN, "1234", at(303.9)).reason is Reason.COOLDOWN
    assert site.decide("front", PIN, "1234", at(304)).reason is Reason.SUCCESS


def test_cooldown_rows_do_not_extend_or_count(site: Site) -> None:
    for i in range(5):
        fail(site, "front", i)
    for t in (100, 250, 260, 270, 280, 290, 300):
        assert site.decide("front", PIN, "0000", at(t)).reason is Reason.COOLDOWN
    assert site.decide("front", PIN, "1234", at(304)).reason is Reason.SUCCESS
    # had the cooldown rows been counted as failures, these would start a new cooldown
    fail(site, "front", 305)
    fail(site, "front", 306)
    assert site.decide("front", PIN, "1234", at(307)).reason is Reason.SUCCESS


def test_a_new_cooldown_needs_n_fresh_failures(site: Site) -> None:
    for i in range(5):
        fail(site, "front", i)
    for i in range(4):
        fail(site, "front", 310 + i)
    assert site.decide("front", PIN, "1234", at(315)).reason is Reason.SUCCESS
    fail(site, "front", 316)
    assert site.decide("front", PIN, "1234", at(317)).reason is Reason.COOLDOWN


def test_failures_spread_wider_than_window_do_not_trigger(site: Site) -> None:
    for i in range(10):
        fail(site, "front", i * 20)  # never five within 60 s
    assert site.decide("front", PIN, "1234", at(181)).reason is Reason.SUCCESS


@pytest.mark.parametrize(
    "settings",
    [EngineSettings(cooldown_failures=0), EngineSettings(cooldown_s=0)],
    ids=["failures=0", "cooldown_s=0"],
)
def test_cooldown_disabled(settings: EngineSettings) -> None:
    site = Site(settings=settings)
    for i in range(30):
        fail(site, "front", i)
    assert site.decide("front", PIN, "1234", at(31)).reason is Reason.SUCCESS


def test_custom_cooldown_settings() -> None:
    site = Site(settings=EngineSettings(cooldown_failures=2, cooldown_window_s=5, cooldown_s=30))
    fail(site, "front", 0)
    fail(site, "front", 6)  # first one fell out of the 5 s window
    assert site.decide("front", PIN, "1234", at(7)).reason is Reason.SUCCESS
    fail(site, "front", 8)  # 6 and 8 within 5 s
    assert site.decide("front", PIN, "1234", at(9)).reason is Reason.COOLDOWN
    assert site.decide("front", PIN, "1234", at(38)).reason is Reason.SUCCESS


def test_rex_granted_during_cooldown(site: Site) -> None:
    for i in range(5):
        fail(site, "front", i)
    rex = site.decide("front", REX, None, at(6))
    assert (rex.result, rex.reason) == (Result.GRANTED, Reason.SUCCESS)
    assert site.decide("front", PIN, "1234", at(7)).reason is Reason.COOLDOWN


def test_rex_granted_during_lockdown_and_cooldown(site: Site) -> None:
    for i in range(5):
        fail(site, "front", i)
    site.engine.lockdown = True
    assert site.decide("front", REX, None, at(6)).granted
    assert site.decide("front", PIN, "1234", at(6)).reason is Reason.LOCKDOWN


def test_reload_keeps_cooldown_and_swaps_config(site: Site) -> None:
    for i in range(5):
        fail(site, "front", i)
    users = default_users()
    users["alice"] = replace(users["alice"], enabled=False)
    site.engine.reload(*site.build(users=users))
    assert site.decide("front", PIN, "1234", at(10)).reason is Reason.COOLDOWN
    assert site.decide("back", PIN, "1234", at(10)).reason is Reason.USER_DISABLED
    assert site.decide("front", PIN, "1234", at(305)).reason is Reason.USER_DISABLED


def test_reload_keeps_partial_failure_count(site: Site) -> None:
    for i in range(4):
        fail(site, "front", i)
    site.engine.reload(*site.build())
    fail(site, "front", 5)
    assert site.decide("front", PIN, "1234", at(6)).reason is Reason.COOLDOWN


def test_reload_with_new_credentials_index(site: Site) -> None:
    config, index = site.build()
    index[site.hasher.pin("4321")] = CredentialRef("erin", CredentialKind.PIN)
    assert site.decide("front", PIN, "4321").reason is Reason.UNKNOWN_CREDENTIAL
    site.engine.reload(config, index)
    assert site.decide("front", PIN, "4321").reason is Reason.NOT_AUTHORIZED


def test_duress_pin_in_lockdown_stays_shut_but_raises_the_alarm(site: Site) -> None:
    site.engine.lockdown = True
    decision = site.decide("front", PIN, "9999")
    assert (decision.result, decision.reason) == (Result.DENIED, Reason.LOCKDOWN)
    assert decision.duress_in_lockdown
    assert decision.user_id == "alice"
    assert decision.rule is not None
    assert decision.rule.duress_script_entity_id == "script.silent_alarm"
    # a lockdown denial never counts toward a cooldown, duress or not
    for i in range(6):
        site.decide("front", PIN, "0000", at(i))
    site.engine.lockdown = False
    assert site.decide("front", PIN, "1234", at(7)).reason is Reason.SUCCESS


def test_repeated_cooldowns_escalate_and_are_capped(site: Site) -> None:
    durations = []
    t = 0.0
    for _ in range(6):
        for i in range(5):
            last = site.decide("front", PIN, "0000", at(t + i))
        assert last.cooldown is not None, "the fifth denial starts a cooldown"
        assert "reader locked" in (last.detail or "")
        durations.append(last.cooldown.duration_s)
        assert site.decide("front", PIN, "1234", at(t + 4 + last.cooldown.duration_s - 1)).reason is (
            Reason.COOLDOWN
        )
        t += 5 + last.cooldown.duration_s
    assert durations == [300, 600, 1200, 2400, 3600, 3600]
    assert last.cooldown.streak == 6
    assert "brute force" in (last.detail or "")
    # exits still open during the longest cooldown
    for i in range(5):
        site.decide("front", PIN, "0000", at(t + i))
    assert site.decide("front", REX, None, at(t + 6)).granted


def test_escalation_is_forgotten_after_a_quiet_day(site: Site) -> None:
    for i in range(5):
        first = site.decide("front", PIN, "0000", at(i))
    assert first.cooldown is not None
    later = 2 * 24 * 3600.0
    for i in range(5):
        again = site.decide("front", PIN, "0000", at(later + i))
    assert again.cooldown is not None
    assert (again.cooldown.streak, again.cooldown.duration_s) == (1, 300)


def test_code_for_a_door_is_granted_as_at_its_readers(site: Site) -> None:
    decision, device = site.engine.decide_code("d1", "1234", NOW, BERLIN)
    assert (decision.result, decision.user_id) == (Result.GRANTED, "alice")
    assert device is not None and device.door_id == "d1"
    # erin has no rule at d1's readers; an unknown code is unknown
    assert site.engine.decide_code("d1", "4444", NOW, BERLIN)[0].reason is Reason.NOT_AUTHORIZED
    assert site.engine.decide_code("d1", "0000", NOW, BERLIN)[0].reason is Reason.UNKNOWN_CREDENTIAL
    # a door without readers grants no code
    assert site.engine.decide_code("d3", "1234", NOW, BERLIN)[0].result is Result.DENIED


def test_wrong_codes_for_a_door_cool_down_like_a_keypad(site: Site) -> None:
    for i in range(5):
        site.engine.decide_code("d1", "0000", at(i), BERLIN)
    decision, _ = site.engine.decide_code("d1", "1234", at(6), BERLIN)
    assert decision.reason is Reason.COOLDOWN
    # the keypads themselves are not locked by codes typed into Home Assistant
    assert site.decide("front", PIN, "1234", at(7)).reason is Reason.SUCCESS
    site.engine.lockdown = True
    assert site.engine.decide_code("d1", "1234", at(400), BERLIN)[0].reason is Reason.LOCKDOWN
