import { describe, expect, it } from "vitest";
import {
  bucketFor,
  changePct,
  drillDown,
  filtersFromQuery,
  flagViews,
  heatmap,
  narrowToBucket,
  reportQuery,
  stackedSeries,
  summaryCards,
  timeAgo,
} from "../src/insights";
import { filtersFromSearch, filtersToSearch, toQuery } from "../src/filters";
import type { LogFlag, LogStats } from "../src/types";

const c = (granted = 0, denied = 0, forced = 0, held_open = 0, error = 0) => ({ granted, denied, forced, held_open, error });

/** A log/stats answer as the issue writes it (hourly, around a Berlin DST change). */
const STATS: LogStats = {
  buckets: [
    { start: "2026-03-29T00:00:00Z", counts: c(3, 1) },
    { start: "2026-03-29T01:00:00Z", counts: c(0, 0) },
    { start: "2026-03-29T02:00:00Z", counts: c(5, 2, 1, 0, 1) },
  ],
  totals: c(8, 3, 1, 0, 1),
  by_hour_of_week: Array.from({ length: 7 }, (_, d) => Array.from({ length: 24 }, (_, h) => (d === 6 && h === 3 ? 8 : d === 6 && h === 1 ? 4 : 0))),
  unique_users: 4,
  top_users: [{ id: "alice", name: "Alice", counts: c(5, 1) }],
  top_devices: [{ id: "front", name: "Front keypad", counts: c(8, 3) }],
  top_reasons: [{ id: "unknown_credential", name: null, counts: c(0, 3) }],
  previous: { totals: c(4, 6, 0, 0, 0) },
};

describe("summary cards", () => {
  it("counts, shares and the change against the previous period", () => {
    const cards = Object.fromEntries(summaryCards(STATS).map((k) => [k.key, k]));
    expect(cards.total.value).toBe(13);
    expect(cards.total.change).toBe(30); // 13 vs 10
    expect(cards.granted.share).toBe(61.5);
    expect(cards.granted.change).toBe(100);
    expect(cards.denied.value).toBe(3);
    expect(cards.denied.change).toBe(-50);
    expect(cards.denied.riseIsBad).toBe(true);
    expect(cards.alarms.value).toBe(1);
    expect(cards.alarms.change).toBeNull(); // from zero: no percentage
    expect(cards.users.value).toBe(4);
    expect(cards.users.change).toBeNull(); // the backend gave no earlier user count
    expect(cards.denied.filter).toEqual({ result: "denied" });
  });

  it("takes previous totals flat too, and no previous at all", () => {
    const flat = summaryCards({ ...STATS, previous: { ...c(13, 0), unique_users: 2 } });
    expect(flat[0].change).toBe(0);
    expect(flat.find((k) => k.key === "users")!.change).toBe(100);
    expect(summaryCards({ ...STATS, previous: null })[0].change).toBeNull();
  });

  it("changePct", () => {
    expect(changePct(0, 0)).toBe(0);
    expect(changePct(5, 0)).toBeNull();
    expect(changePct(5, undefined)).toBeNull();
    expect(changePct(15, 10)).toBe(50);
  });
});

describe("stacked series", () => {
  it("running sums per result in stack order; the top is the bucket total", () => {
    const s = stackedSeries(STATS);
    expect(s.x).toEqual([1774742400, 1774746000, 1774749600]);
    expect(s.raw[0]).toEqual([3, 0, 5]);
    expect(s.stacked[0]).toEqual([3, 0, 5]);
    expect(s.stacked[1]).toEqual([4, 0, 7]);
    expect(s.stacked[4]).toEqual([4, 0, 9]);
  });

  it("a click narrows the filters to the bar's bucket (To names its last minute)", () => {
    const s = stackedSeries(STATS);
    const tz = "Europe/Berlin";
    // 00:00Z is 01:00 CET; the bucket after it starts at 03:00 CEST (the DST gap)
    const f = narrowToBucket({ range: "7", user_id: "alice" }, s.x, 0, "hour", tz);
    expect(f).toEqual({ user_id: "alice", start: "2026-03-29T01:00", end: "2026-03-29T01:59" });
    const q = toQuery(f, tz);
    expect(q.start).toBe("2026-03-29T00:00:00.000Z");
    expect(q.end).toBe("2026-03-29T01:00:00.000Z");
    // the last bar ends one bucket after its start
    const last = narrowToBucket({}, s.x, 2, "hour", "UTC");
    expect(last).toEqual({ start: "2026-03-29T02:00", end: "2026-03-29T02:59" });
  });
});

describe("report query", () => {
  const now = new Date("2026-06-10T12:00:00Z");
  it("defaults to the last 7 days, by day", () => {
    const { query, bucket } = reportQuery({}, "UTC", now);
    expect(query.start).toBe("2026-06-03T12:00:00.000Z");
    expect(bucket).toBe("day");
  });
  it("hours for a day, weeks for a year or all time", () => {
    expect(reportQuery({ range: "1" }, "UTC", now).bucket).toBe("hour");
    expect(reportQuery({ range: "365" }, "UTC", now).bucket).toBe("week");
    expect(bucketFor({}, now)).toBe("week");
  });
  it("keeps the log's filters", () => {
    const { query } = reportQuery({ user_id: "bob", result: "duress" }, "UTC", now);
    expect(query.user_id).toBe("bob");
    expect(query.reason).toBe("duress");
  });
});

describe("heatmap", () => {
  it("7×24 with levels against the busiest hour", () => {
    const { cells, max } = heatmap(STATS.by_hour_of_week);
    expect(max).toBe(8);
    expect(cells).toHaveLength(7);
    expect(cells[6][3]).toMatchObject({ weekday: 6, hour: 3, count: 8, level: 1 });
    expect(cells[6][1].level).toBe(0.5);
    expect(cells[0][0].level).toBe(0);
  });
  it("tolerates a missing or short grid", () => {
    expect(heatmap(undefined).max).toBe(0);
    expect(heatmap([[1]]).cells[0][0].count).toBe(1);
  });
});

describe("drill down", () => {
  it("adds a top user to the report's window", () => {
    expect(drillDown({}, { user_id: "alice" })).toEqual({ range: "7", user_id: "alice" });
    expect(drillDown({ start: "2026-01-01T00:00" }, { device_id: "d1" })).toEqual({
      start: "2026-01-01T00:00",
      device_id: "d1",
    });
  });
  it("a reason is a reason filter; duress is the result filter", () => {
    expect(drillDown({ range: "30" }, { reason: "outside_schedule" })).toEqual({ range: "30", reason: "outside_schedule" });
    expect(drillDown({ range: "30", result: "duress" }, { reason: "cooldown" })).toEqual({ range: "30", reason: "cooldown" });
    expect(drillDown({ range: "30" }, { reason: "duress" })).toEqual({ range: "30", result: "duress" });
  });
  it("reason and door survive the URL and reach the query", () => {
    const f = { door_id: "door1", reason: "unknown_credential", range: "1" };
    expect(filtersFromSearch(filtersToSearch(f))).toEqual(f);
    const q = toQuery(f, "UTC", new Date("2026-06-10T12:00:00Z"));
    expect(q).toMatchObject({ door_id: "door1", reason: "unknown_credential" });
    expect(filtersFromSearch("?reason=x%27%3Cscript")).toEqual({});
  });
});

describe("red flags", () => {
  const flags: LogFlag[] = [
    {
      kind: "failing_user",
      user_id: "bob",
      count: 4,
      first: "2026-06-10T08:00:00+00:00",
      last: "2026-06-10T08:05:00+00:00",
      filter: { user_id: "bob", result: "denied", start: "2026-06-10T08:00:00+00:00", end: "2026-06-10T08:05:00.500000+00:00" },
    },
    {
      kind: "denied_burst",
      device_id: "front",
      count: 7,
      first: "2026-06-10T09:00:00Z",
      last: "2026-06-10T09:03:00Z",
      filter: { device_id: "front", result: "denied", start: "2026-06-10T09:00:00Z", end: "2026-06-10T09:03:00.001Z", limit: null },
    },
    { kind: "something_new", count: 1, first: "", last: "", filter: { reason: "duress" } },
  ];
  const names = {
    users: [{ id: "bob", name: "Bob", deleted: false }],
    devices: [{ id: "front", name: "Front keypad", deleted: false }],
  };

  it("most alarming first, named, each with the filter behind it", () => {
    const views = flagViews(flags, names, "Europe/Berlin");
    expect(views.map((v) => v.flag.kind)).toEqual(["denied_burst", "failing_user", "something_new"]);
    expect(views[0].label).toBe("Burst of denials");
    expect(views[0].subject).toBe("Front keypad");
    expect(views[0].filters).toEqual({
      device_id: "front",
      result: "denied",
      start: "2026-06-10T11:00",
      end: "2026-06-10T11:03",
    });
    expect(views[1].subject).toBe("Bob");
    expect(views[2].label).toBe("something_new");
    expect(views[2].filters).toEqual({ result: "duress" });
  });

  it("the flag's rows all fall in the grid's window", () => {
    const f = filtersFromQuery(flags[0].filter, "UTC");
    const q = toQuery(f, "UTC");
    expect(Date.parse(q.start!)).toBeLessThanOrEqual(Date.parse(flags[0].first));
    expect(Date.parse(q.end!)).toBeGreaterThan(Date.parse(flags[0].last));
    // an exclusive end on a whole minute names the minute before
    expect(filtersFromQuery({ end: "2026-06-10T09:04:00Z" }, "UTC").end).toBe("2026-06-10T09:03");
  });
});

describe("timeAgo", () => {
  const now = new Date("2026-06-10T12:00:00Z");
  it("reads at a glance", () => {
    expect(timeAgo(null, now)).toBe("Never");
    expect(timeAgo("2026-06-10T11:59:30Z", now)).toBe("just now");
    expect(timeAgo("2026-06-10T11:15:00Z", now)).toBe("45 min ago");
    expect(timeAgo("2026-06-10T09:00:00Z", now)).toBe("3 h ago");
    expect(timeAgo("2026-06-09T09:00:00Z", now)).toBe("1 day ago");
    expect(timeAgo("2026-05-31T12:00:00Z", now)).toBe("10 days ago");
  });
});
