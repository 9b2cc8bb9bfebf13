/**
 * The demo button's "demo.loaded" event commits with the load's last change, the demo's report settings
 * (issue 14: a change and its audit event commit together). A trigger of this test's database refuses
 * the event: the settings are then not stored either, where before they were stored without it.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as demoRoute from "~/routes/staff.demo";
import { DEMO_TITLE } from "~/demo/load-demo.server";
import { DIALECT, getDb, rows, write, type Db } from "#db/client.server";
import { ctx, makeStaff, postForm, refuseAuditEvent, run, useTempDatabase } from "./harness";

useTempDatabase();

const demoState = async () => {
  const db = await getDb();
  const [row] = await rows<{ id: number; report_settings: string | null }>(db, sql`select id, report_settings from consultations where title = ${DEMO_TITLE}`);
  const events = await rows<{ action: string }>(db, sql`select action from audit_events where action in ('demo.loaded', 'consultation.report_settings_updated') order by id`);
  return { row, events: events.map((e) => e.action) };
};

describe("loading the demo from the staff home", () => {
  it("records demo.loaded in the transaction of the demo's report settings: refused, neither is stored", async () => {
    const admin = await makeStaff({ role: "admin" });
    const allow = await refuseAuditEvent("demo.loaded");
    try {
      const load = run(() => demoRoute.action({ request: postForm("/staff/demo", {}, admin.cookie), params: {}, context: ctx }));
      // PostgreSQL's error comes wrapped by drizzle ("Failed query: …"), the trigger's message as its cause.
      await expect(load.catch((e: Error) => Promise.reject(new Error(`${e.message} ${String(e.cause ?? "")}`)))).rejects.toThrow(/refused by the test/);
    } finally {
      await allow();
    }
    const refused = await demoState();
    expect(refused.row).toBeDefined();
    expect(refused.events).toEqual([]);
    expect(JSON.parse(refused.row!.report_settings ?? "{}").signerName ?? "").toBe("");

    // Loaded again (nothing refused): the settings are filled in and the event follows theirs, once.
    const res = await run(() => demoRoute.action({ request: postForm("/staff/demo", {}, admin.cookie), params: {}, context: ctx }));
    expect(res.status).toBe(302);
    const loaded = await demoState();
    expect(loaded.events).toEqual(["consultation.report_settings_updated", "demo.loaded"]);
    expect(JSON.parse(loaded.row!.report_settings!).signerName).not.toBe("");
  });
});
