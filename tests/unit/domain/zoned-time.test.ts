import { describe, expect, it } from "vitest";
import { DEFAULT_TIME_ZONE, formatInZone, instantToZonedLocal, isValidTimeZone, listTimeZones, zonedLocalToInstant } from "~/domain/zoned-time";

const HCM = "Asia/Ho_Chi_Minh";
const NY = "America/New_York";
const MSK = "Europe/Moscow";

describe("zonedLocalToInstant", () => {
  it("reads wall-clock time in Hanoi (UTC+7 all year), whatever the server's zone", () => {
    expect(zonedLocalToInstant("2023-07-06T00:00", HCM)).toBe(Date.UTC(2023, 6, 5, 17, 0));
    expect(zonedLocalToInstant("2024-01-15T08:30", HCM)).toBe(Date.UTC(2024, 0, 15, 1, 30));
    // Midnight on New Year's Day in Hanoi is still the old year in UTC.
    expect(zonedLocalToInstant("2025-01-01T00:00", HCM)).toBe(Date.UTC(2024, 11, 31, 17, 0));
  });

  it("follows daylight saving in New York: −5 in winter, −4 in summer", () => {
    expect(zonedLocalToInstant("2024-01-15T12:00", NY)).toBe(Date.UTC(2024, 0, 15, 17, 0));
    expect(zonedLocalToInstant("2024-07-15T12:00", NY)).toBe(Date.UTC(2024, 6, 15, 16, 0));
    // The last minute before the spring change and the first after it are one minute apart.
    expect(zonedLocalToInstant("2024-03-10T03:00", NY)! - zonedLocalToInstant("2024-03-10T01:59", NY)!).toBe(60_000);
  });

  it("a wall time that does not exist (the spring gap) moves forward by the gap", () => {
    expect(zonedLocalToInstant("2024-03-10T02:30", NY)).toBe(zonedLocalToInstant("2024-03-10T03:30", NY));
    expect(instantToZonedLocal(zonedLocalToInstant("2024-03-10T02:30", NY)!, NY)).toBe("2024-03-10T03:30");
  });

  it("a wall time that happens twice (the autumn change) is its first occurrence", () => {
    expect(zonedLocalToInstant("2024-11-03T01:30", NY)).toBe(Date.UTC(2024, 10, 3, 5, 30)); // 01:30 EDT
  });

  it("knows Moscow's history: +3/+4 with summer time until 2011, +4 until October 2014, +3 since", () => {
    expect(zonedLocalToInstant("2010-01-15T12:00", MSK)).toBe(Date.UTC(2010, 0, 15, 9, 0));
    expect(zonedLocalToInstant("2010-07-01T12:00", MSK)).toBe(Date.UTC(2010, 6, 1, 8, 0));
    expect(zonedLocalToInstant("2013-01-15T12:00", MSK)).toBe(Date.UTC(2013, 0, 15, 8, 0));
    expect(zonedLocalToInstant("2015-01-15T12:00", MSK)).toBe(Date.UTC(2015, 0, 15, 9, 0));
  });

  it("refuses what is not a real date-time", () => {
    for (const bad of ["", "2023-07-06", "2023-07-06 17:00", "2023-07-06T17:00:00", "2023-13-01T00:00", "2023-00-10T00:00", "2023-06-31T10:00", "2023-02-29T10:00", "2023-07-06T24:00", "2023-07-06T12:60", "06/07/2023 17:00"]) {
      expect(zonedLocalToInstant(bad, HCM), bad).toBeNull();
    }
    expect(zonedLocalToInstant("2024-02-29T10:00", HCM)).toBe(Date.UTC(2024, 1, 29, 3, 0)); // a leap day is real
    expect(zonedLocalToInstant("  2024-02-29T10:00 ", HCM)).toBe(Date.UTC(2024, 1, 29, 3, 0)); // surrounding spaces
  });
});

describe("instantToZonedLocal", () => {
  it("gives the datetime-local value in the zone and round-trips", () => {
    expect(instantToZonedLocal(Date.UTC(2023, 6, 5, 17, 0), HCM)).toBe("2023-07-06T00:00");
    for (const [local, zone] of [["2023-07-06T17:00", HCM], ["2024-07-15T09:05", NY], ["2010-07-01T23:59", MSK], ["2024-12-31T00:00", "UTC"]] as const) {
      expect(instantToZonedLocal(zonedLocalToInstant(local, zone)!, zone)).toBe(local);
    }
  });
});

describe("formatInZone", () => {
  const cutoff = Date.UTC(2023, 6, 5, 17, 0);
  it("writes the time in the consultation's zone, in each language's order, with the offset", () => {
    expect(formatInZone(cutoff, HCM, "vi")).toBe("00:00 06/07/2023 (GMT+7)");
    expect(formatInZone(cutoff, HCM, "en")).toBe("06/07/2023 00:00 (GMT+7)");
    expect(formatInZone(cutoff, HCM, "ru")).toBe("06.07.2023 00:00 (GMT+7)");
  });
  it("shows the offset of that instant: summer and winter, negative, half and three-quarter hours", () => {
    expect(formatInZone(Date.UTC(2024, 6, 1, 12, 0), NY, "en")).toBe("01/07/2024 08:00 (GMT-4)");
    expect(formatInZone(Date.UTC(2024, 0, 1, 12, 0), NY, "en")).toBe("01/01/2024 07:00 (GMT-5)");
    expect(formatInZone(Date.UTC(2024, 0, 1, 0, 0), "Asia/Kolkata", "en")).toBe("01/01/2024 05:30 (GMT+5:30)");
    expect(formatInZone(Date.UTC(2024, 0, 1, 0, 0), "Asia/Kathmandu", "ru")).toBe("01.01.2024 05:45 (GMT+5:45)");
    expect(formatInZone(Date.UTC(2024, 0, 1, 0, 0), "UTC", "vi")).toBe("00:00 01/01/2024 (GMT+0)");
  });
});

describe("time zones", () => {
  it("tells real zones from made-up ones", () => {
    expect(isValidTimeZone(HCM)).toBe(true);
    expect(isValidTimeZone("Europe/Moscow")).toBe(true);
    expect(isValidTimeZone("Asia/Saigon")).toBe(true); // the old name still works
    expect(isValidTimeZone("Mars/Olympus_Mons")).toBe(false);
  });
  it("offers a sorted list with the default and UTC", () => {
    const zones = listTimeZones();
    expect(zones).toContain(DEFAULT_TIME_ZONE);
    expect(zones).toContain("UTC");
    expect(zones).toContain(NY);
    expect([...zones].sort()).toEqual(zones);
    expect(new Set(zones).size).toBe(zones.length);
  });
});
