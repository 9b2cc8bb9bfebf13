import { describe, expect, it } from "vitest";
import { reminderChoicesOf, reminderTimes } from "~/domain/reminders";
import { zonedLocalToInstant } from "~/domain/zoned-time";

const HCM = "Asia/Ho_Chi_Minh";
const NY = "America/New_York";
const HOUR = 3_600_000;
const at = (local: string, zone: string) => zonedLocalToInstant(local, zone)!;

describe("reminderTimes", () => {
  const cutoff = at("2023-07-06T17:00", HCM);
  const longAgo = at("2023-06-01T00:00", HCM);

  it("two days before is the cutoff minus 48 hours; the morning of is 08:00 in the consultation's zone", () => {
    expect(reminderTimes(cutoff, HCM, ["twoDaysBefore"], longAgo)).toEqual([cutoff - 48 * HOUR]);
    expect(reminderTimes(cutoff, HCM, ["morningOf"], longAgo)).toEqual([at("2023-07-06T08:00", HCM)]);
    expect(at("2023-07-06T08:00", HCM)).toBe(Date.UTC(2023, 6, 6, 1, 0));
  });

  it("both, in order; unknown choices are ignored", () => {
    expect(reminderTimes(cutoff, HCM, ["morningOf", "twoDaysBefore", "everyHour"], longAgo)).toEqual([cutoff - 48 * HOUR, at("2023-07-06T08:00", HCM)]);
    expect(reminderTimes(cutoff, HCM, [], longAgo)).toEqual([]);
  });

  it("no morning reminder when the cutoff is at or before 08:00 that day", () => {
    expect(reminderTimes(at("2023-07-06T00:00", HCM), HCM, ["morningOf"], longAgo)).toEqual([]);
    expect(reminderTimes(at("2023-07-06T08:00", HCM), HCM, ["morningOf"], longAgo)).toEqual([]);
    expect(reminderTimes(at("2023-07-06T08:01", HCM), HCM, ["morningOf"], longAgo)).toEqual([at("2023-07-06T08:00", HCM)]);
  });

  it("only times still to come: a reminder due exactly now is past", () => {
    const twoDays = cutoff - 48 * HOUR;
    expect(reminderTimes(cutoff, HCM, ["twoDaysBefore", "morningOf"], twoDays)).toEqual([at("2023-07-06T08:00", HCM)]);
    expect(reminderTimes(cutoff, HCM, ["twoDaysBefore", "morningOf"], twoDays - 1)).toHaveLength(2);
    expect(reminderTimes(cutoff, HCM, ["twoDaysBefore", "morningOf"], cutoff)).toEqual([]);
  });

  it("the morning of is the morning of the cutoff's day in its zone, not the server's or UTC's", () => {
    // 06:00 on 6 July in Hanoi is still 5 July in UTC; the morning of that day is 08:00 on the 6th… after the cutoff.
    expect(reminderTimes(at("2023-07-06T06:00", HCM), HCM, ["morningOf"], longAgo)).toEqual([]);
    // The same instant read in New York is 19:00 on 5 July: its morning is 08:00 New York time that day.
    expect(reminderTimes(at("2023-07-06T06:00", HCM), NY, ["morningOf"], longAgo)).toEqual([at("2023-07-05T08:00", NY)]);
  });

  it("across a daylight-saving change 'two days' stays 48 hours and the morning stays 08:00 local", () => {
    const nyCutoff = at("2024-03-11T17:00", NY); // the clocks went forward on 10 March
    const [twoDays, morning] = reminderTimes(nyCutoff, NY, ["twoDaysBefore", "morningOf"], 0);
    expect(twoDays).toBe(nyCutoff - 48 * HOUR);
    expect(new Date(twoDays!).toISOString()).toBe("2024-03-09T21:00:00.000Z"); // 16:00 EST on the 9th
    expect(morning).toBe(Date.UTC(2024, 2, 11, 12, 0)); // 08:00 EDT
  });
});

describe("reminderChoicesOf", () => {
  it("reads the stored times back as the choices that made them", () => {
    const cutoff = at("2023-07-06T17:00", HCM);
    const both = reminderTimes(cutoff, HCM, ["twoDaysBefore", "morningOf"], 0);
    expect(reminderChoicesOf(cutoff, HCM, both)).toEqual(["twoDaysBefore", "morningOf"]);
    expect(reminderChoicesOf(cutoff, HCM, [both[1]!])).toEqual(["morningOf"]);
    expect(reminderChoicesOf(cutoff, HCM, [cutoff - HOUR])).toEqual([]);
    // Read in another zone, the 08:00 reminder is not that zone's morning.
    expect(reminderChoicesOf(cutoff, NY, both)).toEqual(["twoDaysBefore"]);
  });
});
