/**
 * The "wrong party" sweep: every route module of app/routes is listed below with how to call it,
 * and each loader and action is called as every party that must be refused — nobody signed in, a
 * disabled account's old session, a drafter of another agency, a drafter of no agency, a non-admin
 * on the administration pages, a request without the CSRF token, ids of another consultation under
 * a consultation's URL, invitation links that are revoked, garbage or aimed at another agency's
 * submission. Refusals must leak no data (each consultation carries a unique marker) and change no
 * row (a fingerprint of every table). A last block runs each action as the rightful party with the
 * token, to show that the forms used here would have changed the database had they been accepted.
 */
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as rIndex from "~/routes/_index";
import * as rApiClauses from "~/routes/api.v1.versions.$id.clauses";
import * as rHealthz from "~/routes/healthz";
import * as rInvitee from "~/routes/i.$token._index";
import * as rReceipt from "~/routes/i.$token.receipt";
import * as rLang from "~/routes/lang";
import * as rSetup from "~/routes/setup";
import * as rSignin from "~/routes/signin";
import * as rSignout from "~/routes/signout";
import * as rStaffHome from "~/routes/staff._index";
import * as rAccount from "~/routes/staff.account";
import * as rAgencies from "~/routes/staff.admin.agencies";
import * as rAudit from "~/routes/staff.admin.audit";
import * as rAuditCsv from "~/routes/staff.admin.audit[.]csv";
import * as rBodies from "~/routes/staff.admin.bodies";
import * as rUsers from "~/routes/staff.admin.users";
import * as rConsultation from "~/routes/staff.consultations.$id._index";
import * as rAnswers from "~/routes/staff.consultations.$id.answers";
import * as rSimilar from "~/routes/staff.consultations.$id.answers_.similar";
import * as rComments from "~/routes/staff.consultations.$id.comments";
import * as rCompare from "~/routes/staff.consultations.$id.compare";
import * as rComparisonTable from "~/routes/staff.consultations.$id.comparison-table";
import * as rComparisonTableDocx from "~/routes/staff.consultations.$id.comparison-table[.]docx";
import * as rDisagreements from "~/routes/staff.consultations.$id.disagreements";
import * as rDisagreementsExport from "~/routes/staff.consultations.$id.disagreements_.$format";
import * as rEdit from "~/routes/staff.consultations.$id.edit";
import * as rExport from "~/routes/staff.consultations.$id.export.$format";
import * as rBoard from "~/routes/staff.consultations.$id.invitations";
import * as rPrint from "~/routes/staff.consultations.$id.invitations_.print";
import * as rOutbox from "~/routes/staff.consultations.$id.outbox";
import * as rReport from "~/routes/staff.consultations.$id.report";
import * as rReportSettings from "~/routes/staff.consultations.$id.report-settings";
import * as rSubmission from "~/routes/staff.consultations.$id.submissions.$sid";
import * as rLetter from "~/routes/staff.consultations.$id.submissions.$sid_.letter";
import * as rVersion from "~/routes/staff.consultations.$id.versions.$vid";
import * as rWorkingCopy from "~/routes/staff.consultations.$id.working-copy";
import * as rWorkingCopyDocx from "~/routes/staff.consultations.$id.working-copy[.]docx";
import * as rSource from "~/routes/staff.consultations.$id.versions.$vid_.source";
import * as rNewVersion from "~/routes/staff.consultations.$id.versions.new";
import * as rNewConsultation from "~/routes/staff.consultations.new";
import * as rDemo from "~/routes/staff.demo";
import * as rStaff from "~/routes/staff";
import { getDb, rows } from "#db/client.server";
import { sql } from "drizzle-orm";
import { listDrafts } from "#db/queries/invitations";
import { CSRF, csrfCookiePair, ctx, postForm, useTempDatabase } from "./harness";
import {
  buildWorld,
  call,
  countRows,
  exposed,
  fingerprint,
  makeUser,
  PASSWORD,
  type Called,
  type ConsultationFixture,
  type Params,
  type Staff,
  type World,
} from "./sweep-helpers";

useTempDatabase();

type Args = { request: Request; params: Params; context: typeof ctx };
type Fn = (args: Args) => unknown;
type RouteModule = { loader?: Fn; action?: Fn };
type Form = Record<string, string | Blob>;
type Target = { url: string; params: Params };

/**
 * How each route is reached and who may use it:
 * - public: no session needed (explicit tests below);
 * - invitee: the tokenized link (explicit tests below);
 * - user: any signed-in, enabled staff member;
 * - admin: administrators only;
 * - consultation: administrators and drafters of the consultation's agency (`at` builds the URL);
 * - api: like consultation, but answers 401 JSON instead of redirecting to sign-in.
 */
type Access = "public" | "invitee" | "user" | "admin" | "consultation" | "api";

interface Case {
  mod: RouteModule;
  access: Access;
  loader: boolean;
  action: boolean;
  /** user/admin routes: the address. */
  url?: string;
  /** consultation/api routes: the address of this route for consultation `c`. */
  at?: (c: ConsultationFixture) => Target;
  /** A form that, posted with the CSRF token by the rightful party, changes the database. */
  form?: (w: World, c: ConsultationFixture) => Form;
  /** Who may use it (default: drafter A for user/consultation routes, the administrator for admin ones). */
  owner?: (w: World) => Staff;
  /** False when the rightful party's response cannot show the marker in clear (zipped files). */
  showsMarker?: boolean;
  /** A loader that only redirects everyone (no data, no check needed) to this address. */
  loaderRedirectsTo?: string;
}

const consultationUrl = (sub: string, extra: (c: ConsultationFixture) => Params = () => ({})) => (c: ConsultationFixture): Target => {
  const params: Params = { id: String(c.id), ...extra(c) };
  let url = `/staff/consultations/${c.id}${sub}`;
  for (const [k, v] of Object.entries(params)) url = url.replace(`$${k}`, v);
  return { url, params };
};

let accountUser: Staff;

const ROUTES: Record<string, Case> = {
  "_index.tsx": { mod: rIndex, access: "public", loader: true, action: false },
  "api.v1.versions.$id.clauses.tsx": {
    mod: rApiClauses,
    access: "api",
    loader: true,
    action: false,
    at: (c) => ({ url: `/api/v1/versions/${c.v1}/clauses`, params: { id: String(c.v1) } }),
  },
  "healthz.tsx": { mod: rHealthz, access: "public", loader: true, action: false },
  "i.$token._index.tsx": { mod: rInvitee, access: "invitee", loader: true, action: true },
  "i.$token.receipt.tsx": { mod: rReceipt, access: "invitee", loader: true, action: false },
  "lang.tsx": { mod: rLang, access: "public", loader: true, action: true },
  "setup.tsx": { mod: rSetup, access: "public", loader: true, action: true },
  "signin.tsx": { mod: rSignin, access: "public", loader: true, action: true },
  "signout.tsx": { mod: rSignout, access: "public", loader: true, action: true },
  "staff._index.tsx": { mod: rStaffHome, access: "user", loader: true, action: false, url: "/staff" },
  "staff.account.tsx": {
    mod: rAccount,
    access: "user",
    loader: true,
    action: true,
    url: "/staff/account",
    owner: () => accountUser,
    form: () => ({ currentPassword: PASSWORD, password: "a brand new password", passwordConfirm: "a brand new password" }),
  },
  "staff.admin.agencies.tsx": {
    mod: rAgencies,
    access: "admin",
    loader: true,
    action: true,
    url: "/staff/admin/agencies",
    form: () => ({ name: "Cơ quan do quản trị thêm", shortName: "", emails: "" }),
  },
  "staff.admin.audit.tsx": { mod: rAudit, access: "admin", loader: true, action: false, url: "/staff/admin/audit" },
  "staff.admin.audit[.]csv.tsx": { mod: rAuditCsv, access: "admin", loader: true, action: false, url: "/staff/admin/audit.csv" },
  "staff.admin.bodies.tsx": {
    mod: rBodies,
    access: "admin",
    loader: true,
    action: true,
    url: "/staff/admin/bodies",
    form: (w) => ({ intent: "import", name: "Tổ biên tập do quản trị thêm", agencyId: String(w.agencyA), file: new File(["Họ tên\nNguyễn Văn Mẫu\n"], "danh-sach.csv") }),
  },
  "staff.admin.users.tsx": {
    mod: rUsers,
    access: "admin",
    loader: true,
    action: true,
    url: "/staff/admin/users",
    form: (w) => ({ intent: "create", name: "Cán bộ mới", email: "new-staff@example.test", role: "admin", agencyId: String(w.agencyA), password: "a long password 1" }),
  },
  "staff.consultations.$id._index.tsx": { mod: rConsultation, access: "consultation", loader: true, action: false, at: consultationUrl("") },
  "staff.consultations.$id.answers.tsx": {
    mod: rAnswers,
    access: "consultation",
    loader: true,
    action: true,
    at: consultationUrl("/answers"),
    form: () => ({ intent: "publish" }),
  },
  "staff.consultations.$id.answers_.similar.tsx": { mod: rSimilar, access: "consultation", loader: true, action: false, at: consultationUrl("/answers/similar") },
  "staff.consultations.$id.comments.tsx": { mod: rComments, access: "consultation", loader: true, action: false, at: consultationUrl("/comments") },
  "staff.consultations.$id.compare.tsx": { mod: rCompare, access: "consultation", loader: true, action: false, at: consultationUrl("/compare") },
  "staff.consultations.$id.comparison-table.tsx": {
    mod: rComparisonTable,
    access: "consultation",
    loader: true,
    action: false,
    at: (c) => ({ url: `/staff/consultations/${c.id}/comparison-table?from=${c.v1}&to=${c.v2}`, params: { id: String(c.id) } }),
  },
  "staff.consultations.$id.comparison-table[.]docx.tsx": {
    mod: rComparisonTableDocx,
    access: "consultation",
    loader: true,
    action: false,
    at: (c) => ({ url: `/staff/consultations/${c.id}/comparison-table.docx?from=${c.v1}&to=${c.v2}`, params: { id: String(c.id) } }),
    showsMarker: false,
  },
  "staff.consultations.$id.edit.tsx": {
    mod: rEdit,
    access: "consultation",
    loader: true,
    action: true,
    at: consultationUrl("/edit"),
    form: (_w, c) => consultationForm(c.agencyId, "Tiêu đề đã sửa"),
  },
  "staff.consultations.$id.disagreements.tsx": {
    mod: rDisagreements,
    access: "consultation",
    loader: true,
    action: true,
    at: consultationUrl("/disagreements"),
    // Agency Y disagrees: its clause comment is settled with a note.
    form: (_w, c) => ({ intent: "settle", commentId: String(c.commentY), note: "Đã thống nhất" }),
  },
  "staff.consultations.$id.disagreements_.$format.tsx": {
    mod: rDisagreementsExport,
    access: "consultation",
    loader: true,
    action: false,
    at: consultationUrl("/disagreements/$format", () => ({ format: "xlsx" })),
    showsMarker: false,
  },
  "staff.consultations.$id.export.$format.tsx": {
    mod: rExport,
    access: "consultation",
    loader: true,
    action: false,
    at: consultationUrl("/export/$format", () => ({ format: "csv" })),
  },
  "staff.consultations.$id.invitations.tsx": {
    mod: rBoard,
    access: "consultation",
    loader: true,
    action: true,
    at: consultationUrl("/invitations"),
    form: (_w, c) => ({ intent: "allowLate", invitationId: String(c.invitationX) }),
  },
  "staff.consultations.$id.invitations_.print.tsx": { mod: rPrint, access: "consultation", loader: true, action: false, at: consultationUrl("/invitations/print") },
  "staff.consultations.$id.outbox.tsx": { mod: rOutbox, access: "consultation", loader: true, action: false, at: consultationUrl("/outbox") },
  "staff.consultations.$id.report.tsx": { mod: rReport, access: "consultation", loader: true, action: false, at: consultationUrl("/report") },
  "staff.consultations.$id.report-settings.tsx": {
    mod: rReportSettings,
    access: "consultation",
    loader: true,
    action: true,
    at: consultationUrl("/report-settings"),
    form: () => ({ signerName: "Người ký đã sửa", requestDate: "2031-07-01" }),
  },
  "staff.consultations.$id.working-copy.tsx": {
    mod: rWorkingCopy,
    access: "consultation",
    loader: true,
    action: true,
    at: consultationUrl("/working-copy"),
    // The drafter's own edit of a clause of the working copy (issue 16).
    form: (_w, c) => ({ intent: "edit", clauseId: String(c.clause), revision: "0", heading: "Điều khoản đã sửa", body: "" }),
  },
  "staff.consultations.$id.working-copy[.]docx.tsx": {
    mod: rWorkingCopyDocx,
    access: "consultation",
    loader: true,
    action: false,
    at: consultationUrl("/working-copy.docx"),
    showsMarker: false,
  },
  "staff.consultations.$id.submissions.$sid.tsx": {
    mod: rSubmission,
    access: "consultation",
    loader: true,
    action: false,
    at: consultationUrl("/submissions/$sid", (c) => ({ sid: String(c.submissionX) })),
  },
  "staff.consultations.$id.submissions.$sid_.letter.tsx": {
    mod: rLetter,
    access: "consultation",
    loader: true,
    action: false,
    at: consultationUrl("/submissions/$sid/letter", (c) => ({ sid: String(c.submissionX) })),
  },
  "staff.consultations.$id.versions.$vid.tsx": {
    mod: rVersion,
    access: "consultation",
    loader: true,
    action: true,
    at: consultationUrl("/versions/$vid", (c) => ({ vid: String(c.v2) })),
    form: () => ({ intent: "publish" }),
  },
  "staff.consultations.$id.versions.$vid_.source.tsx": {
    mod: rSource,
    access: "consultation",
    loader: true,
    action: false,
    at: consultationUrl("/versions/$vid/source", (c) => ({ vid: String(c.v1) })),
  },
  "staff.consultations.$id.versions.new.tsx": {
    mod: rNewVersion,
    access: "consultation",
    loader: true,
    action: true,
    at: consultationUrl("/versions/new"),
    form: () => ({ label: "Dự thảo thêm", text: "I. MỤC ĐÍCH\n1. Một.\n2. Hai.\n" }),
  },
  "staff.consultations.new.tsx": {
    mod: rNewConsultation,
    access: "user",
    loader: true,
    action: true,
    url: "/staff/consultations/new",
    form: (w) => consultationForm(w.agencyA, "Kế hoạch mới"),
  },
  "staff.demo.tsx": { mod: rDemo, access: "user", loader: true, action: true, url: "/staff/demo", form: () => ({}), loaderRedirectsTo: "/staff" },
  "staff.tsx": { mod: rStaff, access: "user", loader: true, action: false, url: "/staff" },
};

function consultationForm(agencyId: number, title: string): Form {
  return {
    title,
    kind: "plan",
    draftingAgencyId: String(agencyId),
    letterRef: "1/VP",
    letterText: "Đề nghị góp ý.",
    cutoff: "2031-07-05T17:00",
    timeZone: "Asia/Ho_Chi_Minh",
    status: "open",
  };
}

const entries = Object.entries(ROUTES);
const staffCases = entries.filter(([, c]) => c.access === "user" || c.access === "admin" || c.access === "consultation" || c.access === "api");
const withLoader = (list: [string, Case][]) => list.filter(([, c]) => c.loader && c.loaderRedirectsTo === undefined);
const withAction = (list: [string, Case][]) => list.filter(([, c]) => c.action);
const consultationCases = entries.filter(([, c]) => c.access === "consultation" || c.access === "api");
const adminCases = entries.filter(([, c]) => c.access === "admin");

let w: World;
const markers = () => [w.A.marker, w.A2.marker, w.B.marker];

beforeAll(async () => {
  w = await buildWorld();
  accountUser = await makeUser("drafter", w.agencyA, "account-owner");
}, 60_000);

const loaderOf = (c: Case) => c.mod.loader!;
const actionOf = (c: Case) => c.mod.action!;
const get = (url: string, cookie?: string) => new Request(new URL(url, "http://localhost"), { headers: cookie ? { Cookie: cookie } : {} });

function targetOf(c: Case, fixture: ConsultationFixture): Target {
  return c.at ? c.at(fixture) : { url: c.url!, params: {} };
}
function ownerOf(c: Case): Staff {
  return c.owner ? c.owner(w) : c.access === "admin" ? w.admin : w.drafterA;
}
function formOf(c: Case, fixture: ConsultationFixture): Form {
  if (!c.form) throw new Error("an action without a form in the table");
  return c.form(w, fixture);
}

function callLoader(c: Case, t: Target, cookie?: string): Promise<Called> {
  return call(() => loaderOf(c)({ request: get(t.url, cookie), params: t.params, context: ctx }));
}
function callAction(c: Case, t: Target, form: Form, cookie?: string, withCsrf = true): Promise<Called> {
  return call(() => actionOf(c)({ request: postForm(t.url, form, cookie, withCsrf), params: t.params, context: ctx }));
}

function expectNoLeak(r: Called, which: string[] = markers()) {
  const seen = exposed(r);
  for (const m of which) expect(seen, `response leaks ${m}`).not.toContain(m);
}

/** The refusal of someone without a (valid) session: sign-in for pages, 401 for the API. */
function expectSignedOut(c: Case, t: Target, r: Called) {
  if (c.access === "api") {
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body)).toEqual({ error: "unauthorized" });
  } else {
    expect(r.status).toBe(302);
    expect(r.location).toBe(`/signin?redirectTo=${encodeURIComponent(t.url)}`);
  }
  expect(r.data).toBeNull();
  expectNoLeak(r);
}

/** An action that must be refused: the expected status, no data, and not one row changed. */
async function expectRefusedAction(run: () => Promise<Called>, check: (r: Called) => void) {
  const before = await fingerprint();
  const r = await run();
  check(r);
  expect(await fingerprint()).toEqual(before);
  return r;
}

describe("the table covers every route", () => {
  it("lists every file of app/routes, and no other", () => {
    const files = fs.readdirSync(path.resolve("app/routes")).filter((f) => /\.(tsx?|jsx?)$/.test(f)).sort();
    expect(files.length).toBeGreaterThan(0);
    expect(Object.keys(ROUTES).sort()).toEqual(files);
  });

  it.each(entries)("%s: has exactly the loader/action the table says", (_file, c) => {
    expect(typeof c.mod.loader === "function").toBe(c.loader);
    expect(typeof c.mod.action === "function").toBe(c.action);
    if (c.access === "consultation" || c.access === "api") expect(c.at).toBeTypeOf("function");
    if (c.access === "user" || c.access === "admin") expect(c.url).toBeTypeOf("string");
    if (c.action && c.access !== "public" && c.access !== "invitee") expect(c.form).toBeTypeOf("function");
  });
});

describe("redirect-only loaders", () => {
  const cases = entries.filter(([, c]) => c.loaderRedirectsTo !== undefined);
  it.each(cases)("%s: the same bare redirect for everyone", async (_file, c) => {
    for (const cookie of [undefined, w.drafterB.cookie, w.disabledDrafter.cookie, w.admin.cookie]) {
      const r = await callLoader(c, targetOf(c, w.A), cookie);
      expect(r.status).toBe(302);
      expect(r.location).toBe(c.loaderRedirectsTo);
      expect(r.data).toBeNull();
      expect(r.body).toBe("");
    }
  });
});

describe("nobody signed in", () => {
  it.each(withLoader(staffCases))("%s loader: refused", async (_file, c) => {
    const t = targetOf(c, w.A);
    expectSignedOut(c, t, await callLoader(c, t, await csrfCookiePair()));
  });

  it.each(withAction(staffCases))("%s action: refused, nothing written", async (_file, c) => {
    const t = targetOf(c, w.A);
    // With a valid CSRF pair: the refusal must come from the missing session.
    const csrf = await csrfCookiePair();
    await expectRefusedAction(() => callAction(c, t, formOf(c, w.A), csrf), (r) => expectSignedOut(c, t, r));
  });

  it("a forged or truncated session cookie is no session", async () => {
    const c = ROUTES["staff.tsx"]!;
    const t = targetOf(c, w.A);
    const csrf = await csrfCookiePair();
    for (const value of ["gopy_session=", "gopy_session=abc", `gopy_session=${"A".repeat(60)}`, `gopy_session=${w.drafterA.session.split("=")[1]!.slice(0, -2)}xx`]) {
      expectSignedOut(c, t, await callLoader(c, t, `${value}; ${csrf}`));
    }
  });
});

describe("a disabled account's old session", () => {
  const disabledFor = (c: Case) => (c.access === "admin" ? w.disabledAdmin : w.disabledDrafter);

  it("the disabled drafter and administrator still have sessions in the table (so the lookup itself must refuse them)", async () => {
    const db = await getDb();
    const count = async (id: number) => Number((await rows<{ n: number }>(db, sql`select count(*) as n from sessions where user_id = ${id}`))[0]!.n);
    expect(await count(w.disabledDrafter.id)).toBe(1);
    expect(await count(w.disabledAdmin.id)).toBe(1);
  });

  it.each(withLoader(staffCases))("%s loader: refused", async (_file, c) => {
    const t = targetOf(c, w.A);
    expectSignedOut(c, t, await callLoader(c, t, disabledFor(c).cookie));
  });

  it.each(withAction(staffCases))("%s action: refused, nothing written", async (_file, c) => {
    const t = targetOf(c, w.A);
    await expectRefusedAction(() => callAction(c, t, formOf(c, w.A), disabledFor(c).cookie), (r) => expectSignedOut(c, t, r));
  });
});

describe("a drafter of another agency, or of none, on a consultation they do not manage", () => {
  const outsiders = (): [string, Staff, ConsultationFixture][] => [
    ["drafter B on A", w.drafterB, w.A],
    ["drafter of no agency on A", w.agencyless, w.A],
    ["drafter A on B", w.drafterA, w.B],
  ];

  it.each(withLoader(consultationCases))("%s loader: 404 and nothing of the consultation", async (_file, c) => {
    for (const [who, staff, fixture] of outsiders()) {
      const r = await callLoader(c, targetOf(c, fixture), staff.cookie);
      expect(r.status, who).toBe(404);
      expect(r.data, who).toBeNull();
      expectNoLeak(r);
    }
  });

  it.each(withAction(consultationCases))("%s action: 404 and nothing written", async (_file, c) => {
    for (const [who, staff, fixture] of outsiders()) {
      await expectRefusedAction(
        () => callAction(c, targetOf(c, fixture), formOf(c, fixture), staff.cookie),
        (r) => {
          expect(r.status, who).toBe(404);
          expectNoLeak(r);
        },
      );
    }
  });

  it.each(withLoader(consultationCases))("%s loader: the rightful drafter and the administrator are served (the address is right)", async (_file, c) => {
    for (const staff of [w.drafterA, w.admin]) {
      const r = await callLoader(c, targetOf(c, w.A), staff.cookie);
      expect(r.status).toBe(200);
      if (c.showsMarker !== false) expect(exposed(r)).toContain(w.A.marker);
      // Served A, and only A.
      expectNoLeak(r, [w.A2.marker, w.B.marker]);
    }
  });

  it("the export in every format, and an unknown format, refuse drafter B", async () => {
    for (const format of ["docx", "xlsx", "csv", "pdf"]) {
      const r = await call(() =>
        rExport.loader({ request: get(`/staff/consultations/${w.A.id}/export/${format}`, w.drafterB.cookie), params: { id: String(w.A.id), format }, context: ctx }),
      );
      expect(r.status, format).toBe(404);
      expectNoLeak(r);
    }
  });

  it("the staff home lists only the drafter's own consultations", async () => {
    const seen = async (staff: Staff) => exposed(await call(() => rStaffHome.loader({ request: get("/staff", staff.cookie), params: {}, context: ctx })));
    const b = await seen(w.drafterB);
    expect(b).toContain(w.B.marker);
    expect(b).not.toContain(w.A.marker);
    expect(b).not.toContain(w.A2.marker);
    const a = await seen(w.drafterA);
    expect(a).toContain(w.A.marker);
    expect(a).toContain(w.A2.marker);
    expect(a).not.toContain(w.B.marker);
    const none = await seen(w.agencyless);
    for (const m of markers()) expect(none).not.toContain(m);
  });

  it("a drafter may create consultations only for their own agency", async () => {
    const page = await call(() => rNewConsultation.loader({ request: get("/staff/consultations/new", w.drafterB.cookie), params: {}, context: ctx }));
    expect((page.data as { agencies: { id: number }[] }).agencies.map((a) => a.id)).toEqual([w.agencyB]);
    for (const [staff, agencyId] of [
      [w.drafterB, w.agencyA],
      [w.agencyless, w.agencyA],
    ] as const) {
      await expectRefusedAction(
        () => call(() => rNewConsultation.action({ request: postForm("/staff/consultations/new", consultationForm(agencyId, "Chiếm quyền"), staff.cookie), params: {}, context: ctx })),
        (r) => {
          expect(r.status).toBe(400);
          expect((r.data as { errors: Record<string, string> }).errors.draftingAgencyId).toBe("error.agencyNotAllowed");
        },
      );
    }
  });

  it("the owner cannot hand a consultation over to another agency", async () => {
    const t = targetOf(ROUTES["staff.consultations.$id.edit.tsx"]!, w.A);
    await expectRefusedAction(
      () => call(() => rEdit.action({ request: postForm(t.url, consultationForm(w.agencyB, "Chuyển đi"), w.drafterA.cookie), params: t.params, context: ctx })),
      (r) => {
        expect(r.status).toBe(400);
        expect((r.data as { errors: Record<string, string> }).errors.draftingAgencyId).toBe("error.agencyNotAllowed");
      },
    );
  });
});

describe("a drafter on the administration pages", () => {
  it.each(withLoader(adminCases))("%s loader: 403, no data", async (_file, c) => {
    for (const staff of [w.drafterA, w.drafterB, w.agencyless]) {
      const r = await callLoader(c, targetOf(c, w.A), staff.cookie);
      expect(r.status).toBe(403);
      expect(r.data).toBeNull();
      expect(r.body).not.toContain("@example.test");
      expectNoLeak(r);
    }
  });

  it.each(withAction(adminCases))("%s action: 403, nothing written", async (_file, c) => {
    for (const staff of [w.drafterA, w.agencyless]) {
      await expectRefusedAction(() => callAction(c, targetOf(c, w.A), formOf(c, w.A), staff.cookie), (r) => expect(r.status).toBe(403));
    }
  });

  it("a drafter cannot disable the administrator, nor raise themselves to administrator", async () => {
    for (const form of <Form[]>[
      { intent: "disable", userId: String(w.admin.id) },
      { intent: "create", name: "Tự nâng quyền", email: "self-admin@example.test", role: "admin", agencyId: "", password: "a long password 1" },
    ]) {
      await expectRefusedAction(
        () => call(() => rUsers.action({ request: postForm("/staff/admin/users", form, w.drafterA.cookie), params: {}, context: ctx })),
        (r) => expect(r.status).toBe(403),
      );
    }
    const admin = await call(() => rStaff.loader({ request: get("/staff", w.admin.cookie), params: {}, context: ctx }));
    expect(admin.status).toBe(200);
  });

  it("the administrator is served (the addresses are right)", async () => {
    for (const [, c] of withLoader(adminCases)) {
      const r = await callLoader(c, targetOf(c, w.A), w.admin.cookie);
      expect(r.status).toBe(200);
    }
  });
});

describe("ids of another consultation under a consultation's address", () => {
  // Drafter A manages both A and A2, so only the id check can refuse; the administrator manages all.
  const parties = () => [
    ["drafter A", w.drafterA],
    ["administrator", w.admin],
  ] as const;
  const args = (url: string, params: Params, cookie: string) => ({ request: get(url, cookie), params, context: ctx });
  const A = () => w.A;
  const A2 = () => w.A2;

  it("a submission of A2 under A: 404 (page and reply letter)", async () => {
    for (const [who, staff] of parties()) {
      for (const sid of [A2().submissionX, w.B.submissionX]) {
        const params = { id: String(A().id), sid: String(sid) };
        const page = await call(() => rSubmission.loader(args(`/staff/consultations/${A().id}/submissions/${sid}`, params, staff.cookie)));
        expect(page.status, who).toBe(404);
        expectNoLeak(page);
        const letter = await call(() => rLetter.loader(args(`/staff/consultations/${A().id}/submissions/${sid}/letter`, params, staff.cookie)));
        expect(letter.status, who).toBe(404);
        expectNoLeak(letter);
      }
      // Control: A's own submission and letter are served under A.
      const own = { id: String(A().id), sid: String(A().submissionX) };
      expect((await call(() => rSubmission.loader(args("/x", own, staff.cookie)))).status).toBe(200);
      const pdf = await call(() => rLetter.loader(args("/x", own, staff.cookie)));
      expect(pdf.status).toBe(200);
      expect(pdf.body).toContain(`${A().marker}-pdf`);
    }
  });

  it("a version of A2 under A: 404 (page, source, and its actions write nothing)", async () => {
    for (const [who, staff] of parties()) {
      for (const vid of [A2().v1, A2().v2, w.B.v2]) {
        const params = { id: String(A().id), vid: String(vid) };
        const page = await call(() => rVersion.loader(args("/x", params, staff.cookie)));
        expect(page.status, who).toBe(404);
        expectNoLeak(page);
        const source = await call(() => rSource.loader(args("/x", params, staff.cookie)));
        expect(source.status, who).toBe(404);
        expectNoLeak(source);
        for (const intent of ["publish", "discard", "relink", "correct"]) {
          await expectRefusedAction(
            () => call(() => rVersion.action({ request: postForm(`/staff/consultations/${A().id}/versions/${vid}`, { intent, fix: "reset" }, staff.cookie), params, context: ctx })),
            (r) => expect(r.status, `${who} ${intent}`).toBe(404),
          );
        }
      }
    }
  });

  it("a clause or an agency of A2 as a filter of A's comments: 404", async () => {
    for (const [, staff] of parties()) {
      for (const query of [`clause=${A2().clause}`, `agency=${A2().invitationX}`, `clause=${w.B.clause}`, `agency=${w.B.invitationX}`]) {
        const r = await call(() => rComments.loader(args(`/staff/consultations/${A().id}/comments?${query}`, { id: String(A().id) }, staff.cookie)));
        expect(r.status, query).toBe(404);
        expectNoLeak(r);
      }
      // Control: A's own clause and agency are accepted.
      for (const query of [`clause=${A().clause}`, `agency=${A().invitationX}`]) {
        const r = await call(() => rComments.loader(args(`/staff/consultations/${A().id}/comments?${query}`, { id: String(A().id) }, staff.cookie)));
        expect(r.status, query).toBe(200);
        expect(exposed(r)).toContain(`${A().marker}-comment`);
      }
    }
  });

  it("A2's versions or clause history in A's comparison: never A2's text", async () => {
    for (const [, staff] of parties()) {
      const history = await call(() => rCompare.loader(args(`/staff/consultations/${A().id}/compare?history=${A2().clause}`, { id: String(A().id) }, staff.cookie)));
      expect(history.status).toBe(404);
      expectNoLeak(history);
      const versions = await call(() => rCompare.loader(args(`/staff/consultations/${A().id}/compare?from=${A2().v1}&to=${A2().v2}`, { id: String(A().id) }, staff.cookie)));
      // Unknown ids fall back to A's own versions.
      expect(versions.status).toBe(200);
      expectNoLeak(versions, [A2().marker, w.B.marker]);
      // Not a clause id at all (too large for the database's integer, not whole): not found, never a 500.
      for (const bad of ["3000000000", "1.5", "-1", "1e3"]) {
        const odd = await call(() => rCompare.loader(args(`/staff/consultations/${A().id}/compare?history=${bad}`, { id: String(A().id) }, staff.cookie)));
        expect(odd.status, bad).toBe(404);
      }
      const own = await call(() => rCompare.loader(args(`/staff/consultations/${A().id}/compare?history=${A().clause}`, { id: String(A().id) }, staff.cookie)));
      expect(own.status).toBe(200);
      expect(exposed(own)).toContain(`${A().marker}-clause`);
    }
  });

  it("an agency of A2 as a filter of A's answers shows nothing of A2", async () => {
    for (const [, staff] of parties()) {
      const r = await call(() => rAnswers.loader(args(`/staff/consultations/${A().id}/answers?agency=${A2().invitationX}`, { id: String(A().id) }, staff.cookie)));
      expect(r.status).toBe(200);
      expect((r.data as { rows: unknown[] }).rows).toEqual([]);
      expectNoLeak(r, [A2().marker, w.B.marker]);
    }
  });

  it("answer actions naming A2's comments or answers change nothing of A2", async () => {
    const url = `/staff/consultations/${A().id}/answers`;
    const params = { id: String(A().id) };
    const post = (form: Form) => call(() => rAnswers.action({ request: postForm(url, form, w.drafterA.cookie), params, context: ctx }));
    for (const form of <Form[]>[
      { intent: "save", commentId: String(A2().commentX), decision: "noted", text: "" },
      { intent: "ungroup", commentId: String(A2().commentX) },
      { intent: "group", group: String(A2().commentX), decision: "noted", text: "" },
      { intent: "save", commentId: String(w.B.commentX), decision: "noted", text: "", answerId: String(w.B.answerX), revision: "0" },
    ]) {
      await expectRefusedAction(() => post(form), (r) => {
        expect(r.status, String(form.intent)).toBe(400);
        expect((r.data as { ok: boolean }).ok).toBe(false);
      });
    }
    // A's own comment with A2's answer id: A2's answer is not rewritten (a new answer of A is made).
    const db = await getDb();
    const answerRow = async (id: number) => (await rows(db, sql`select * from answers where id = ${id}`))[0];
    const before = await answerRow(A2().answerX);
    const [other] = await rows<{ id: number }>(db, sql`select id from comments where submission_id = ${A().submissionY} and id <> ${A().commentX} order by id limit 1`);
    const r = await post({ intent: "save", commentId: String(other!.id), decision: "explained", text: "Hijack", answerId: String(A2().answerX), revision: "0" });
    expect(r.status).toBe(200);
    expect(await answerRow(A2().answerX)).toEqual(before);
    const [hijacked] = await rows<{ n: number }>(db, sql`select count(*) as n from answers where consultation_id = ${A2().id} and text = 'Hijack'`);
    expect(Number(hijacked!.n)).toBe(0);
  });

  it("board actions naming an invitation of A2 change nothing", async () => {
    const url = `/staff/consultations/${A().id}/invitations`;
    for (const [, staff] of parties()) {
      for (const intent of ["revoke", "reissue", "extend", "allowLate", "refuseLate", "mailOne", "remindOne"]) {
        await expectRefusedAction(
          () => call(() => rBoard.action({ request: postForm(url, { intent, invitationId: String(A2().invitationX), cutoff: "2031-01-01T10:00" }, staff.cookie), params: { id: String(A().id) }, context: ctx })),
          (r) => {
            expect(r.status, intent).toBe(400);
            expect((r.data as { errors: Record<string, string> }).errors._form).toBe("error.notFound");
          },
        );
      }
    }
  });

  it("the clause API serves a version only to those who manage its consultation", async () => {
    const api = (vid: number, cookie: string) => call(() => rApiClauses.loader({ request: get(`/api/v1/versions/${vid}/clauses`, cookie), params: { id: String(vid) }, context: ctx }));
    expect((await api(w.B.v1, w.drafterA.cookie)).status).toBe(404);
    expect((await api(w.A.v2, w.drafterB.cookie)).status).toBe(404);
    for (const bad of ["0", "-1", "1e3", "abc", "99999999"]) {
      const r = await call(() => rApiClauses.loader({ request: get(`/api/v1/versions/${bad}/clauses`, w.admin.cookie), params: { id: bad }, context: ctx }));
      expect(r.status, bad).toBe(404);
    }
    const own = await api(w.A.v1, w.drafterA.cookie);
    expect(own.status).toBe(200);
    expect(own.body).toContain(`${w.A.marker}-clause`);
  });
});

describe("every staff action without the CSRF token", () => {
  const variants: [string, (c: Case) => Promise<{ cookie: string; form: Form; withCsrf: boolean }>][] = [
    ["no token in the form", async (c) => ({ cookie: ownerOf(c).cookie, form: formOf(c, w.A), withCsrf: false })],
    ["a different token in the form", async (c) => ({ cookie: ownerOf(c).cookie, form: { ...formOf(c, w.A), csrf: "x".repeat(CSRF.length) }, withCsrf: false })],
    ["no CSRF cookie", async (c) => ({ cookie: ownerOf(c).session, form: formOf(c, w.A), withCsrf: true })],
  ];
  const actions = withAction(staffCases);

  it.each(actions)("%s: 403 and no row changed", async (_file, c) => {
    for (const [name, make] of variants) {
      const v = await make(c);
      await expectRefusedAction(() => callAction(c, targetOf(c, w.A), v.form, v.cookie, v.withCsrf), (r) => expect(r.status, name).toBe(403));
    }
  });
});

describe("invitation links", () => {
  const other = { clientIp: "198.51.100.20" };
  const open = (token: string) => call(() => rInvitee.loader({ request: get(`/i/${token}`), params: { token }, context: other }));
  const receipt = (token: string, sid: number | string) => call(() => rReceipt.loader({ request: get(`/i/${token}/receipt?s=${sid}`), params: { token }, context: other }));
  const post = async (token: string, form: Form, withCsrf = true, cookie?: string) =>
    call(async () => rInvitee.action({ request: postForm(`/i/${token}`, form, cookie ?? (await csrfCookiePair()), withCsrf), params: { token }, context: other }));

  it("a link opens its own consultation only", async () => {
    const r = await open(w.A.tokenX);
    expect(r.status).toBe(200);
    expect(exposed(r)).toContain(w.A.marker);
    expectNoLeak(r, [w.A2.marker, w.B.marker]);
    // Nothing of the other agencies' drafts, submissions or signers.
    expect(exposed(r)).not.toContain(`Ý kiến ${w.A.marker}-comment ${w.A.invitationY}`);
  });

  it("the receipt route with another agency's submission id: 404", async () => {
    for (const sid of [w.A.submissionY, w.A2.submissionX, w.B.submissionX, 0, -1, "abc", ""]) {
      const r = await receipt(w.A.tokenX, sid);
      expect(r.status, String(sid)).toBe(404);
      expect(r.data).toBeNull();
      expectNoLeak(r);
    }
    const own = await receipt(w.A.tokenX, w.A.submissionX);
    expect(own.status).toBe(200);
    expect(exposed(own)).toContain(`Ý kiến ${w.A.marker}-comment ${w.A.invitationX}`);
    expect(exposed(own)).not.toContain(`${w.A.marker}-pdf`);
  });

  it("a revoked link: 410 everywhere, and a post writes nothing", async () => {
    expect((await open(w.A.tokenZ)).status).toBe(410);
    expect((await receipt(w.A.tokenZ, w.A.submissionX)).status).toBe(410);
    await expectRefusedAction(() => post(w.A.tokenZ, { intent: "autosave", "c:general": "still here?" }), (r) => {
      expect(r.status).toBe(410);
      expectNoLeak(r);
    });
  });

  it("a garbage token: 404 everywhere, and a post writes nothing", async () => {
    const flipped = (w.A.tokenX[0] === "A" ? "B" : "A") + w.A.tokenX.slice(1);
    for (const token of ["x".repeat(43), "not a token", "", flipped, `${w.A.tokenX}x`, "../staff"]) {
      const r = await open(token);
      expect(r.status, token).toBe(404);
      expectNoLeak(r);
      expect((await receipt(token, w.A.submissionX)).status, token).toBe(404);
      await expectRefusedAction(() => post(token, { intent: "autosave", "c:general": "guess" }), (res) => expect(res.status, token).toBe(404));
    }
  });

  it("a post without the CSRF token: 403 and nothing saved", async () => {
    const form = { intent: "autosave", [`c:${w.A.clause}`]: "Không có mã CSRF" };
    await expectRefusedAction(() => post(w.A.tokenY, form, false), (r) => expect(r.status).toBe(403));
    await expectRefusedAction(() => post(w.A.tokenY, { ...form, csrf: "y".repeat(CSRF.length) }, false), (r) => expect(r.status).toBe(403));
    await expectRefusedAction(() => post(w.A.tokenY, form, true, "other=1"), (r) => expect(r.status).toBe(403));
    const page = (await open(w.A.tokenY)).data as { requestKey: string };
    const submit = { intent: "submit", answerKind: "agree", signerName: "A", signerPosition: "B", requestKey: page.requestKey, baseRevision: "1" };
    await expectRefusedAction(() => post(w.A.tokenY, submit, false), (r) => expect(r.status).toBe(403));
    expect(await listDrafts(await getDb(), w.A.invitationY)).toEqual([]);
  });

  it("a clause of another consultation is not stored through a link", async () => {
    const before = await countRows("comment_drafts");
    const r = await post(w.A.tokenY, { intent: "autosave", [`c:${w.B.clause}`]: "Lạc sang B", [`c:${w.A2.clause}`]: "Lạc sang A2" });
    expect(r.status).toBe(200);
    expect(await countRows("comment_drafts")).toBe(before);
    // Control: a clause of the link's own draft is stored.
    const ok = await post(w.A.tokenY, { intent: "autosave", [`c:${w.A.clause}`]: "Đúng chỗ" });
    expect(ok.status).toBe(200);
    expect((await listDrafts(await getDb(), w.A.invitationY)).map((d) => d.clauseKey)).toEqual([String(w.A.clause)]);
  });
});

describe("public routes", () => {
  const args = (request: Request) => ({ request, params: {}, context: ctx });

  it("_index: set-up is done, so sign-in for strangers and disabled sessions, the staff home for staff", async () => {
    expect((await call(() => rIndex.loader(args(get("/"))))).location).toBe("/signin");
    expect((await call(() => rIndex.loader(args(get("/", w.disabledDrafter.cookie))))).location).toBe("/signin");
    expect((await call(() => rIndex.loader(args(get("/", w.drafterA.cookie))))).location).toBe("/staff");
  });

  it("healthz: says ok and nothing more", async () => {
    const r = await call(() => rHealthz.loader());
    expect(r.status).toBe(200);
    expect(r.body).toBe("ok");
    expect(r.headers.get("Set-Cookie")).toBeNull();
  });

  it("setup: closed for good once an administrator exists, even with a valid form", async () => {
    expect((await call(() => rSetup.loader(args(get("/setup"))))).location).toBe("/signin");
    const admins = await countRows("staff_users");
    const form = { name: "Kẻ lạ", email: "intruder@example.test", password: "a long password", passwordConfirm: "a long password" };
    await expectRefusedAction(
      () => call(async () => rSetup.action(args(postForm("/setup", form, await csrfCookiePair())))),
      (r) => {
        expect(r.status).toBe(302);
        expect(r.location).toBe("/signin");
        expect(r.headers.get("Set-Cookie")).toBeNull();
      },
    );
    expect(await countRows("staff_users")).toBe(admins);
  });

  it("signin: a form without the token is refused before any check; a disabled account gets no session", async () => {
    await expectRefusedAction(
      () => call(() => rSignin.action(args(postForm("/signin", { email: w.drafterA.email, password: PASSWORD }, w.drafterA.cookie, false)))),
      (r) => {
        expect(r.status).toBe(403);
        expect(r.headers.get("Set-Cookie")).toBeNull();
      },
    );
    const sessions = await countRows("sessions");
    const disabled = await call(async () => rSignin.action({ request: postForm("/signin", { email: w.disabledDrafter.email, password: PASSWORD }, await csrfCookiePair()), params: {}, context: { clientIp: "192.0.2.200" } }));
    expect(disabled.status).toBe(400);
    expect(disabled.headers.get("Set-Cookie")).toBeNull();
    expect(await countRows("sessions")).toBe(sessions);
    // The sign-in page sends a live session home, but shows the form to a disabled one.
    expect((await call(() => rSignin.loader(args(get("/signin", w.drafterA.cookie))))).location).toBe("/staff");
    expect((await call(() => rSignin.loader(args(get("/signin", w.disabledDrafter.cookie))))).status).toBe(200);
  });

  it("signout: a GET or a post without the token ends nothing", async () => {
    const staff = await makeUser("drafter", w.agencyA, "signout");
    const alive = async () => (await call(() => rStaff.loader(args(get("/staff", staff.cookie))))).status === 200;
    const viaGet = await call(() => rSignout.loader());
    expect(viaGet.location).toBe("/staff");
    expect(await alive()).toBe(true);
    await expectRefusedAction(
      () => call(() => rSignout.action(args(postForm("/signout", {}, staff.cookie, false)))),
      (r) => {
        expect(r.status).toBe(403);
        expect(r.headers.get("Set-Cookie")).toBeNull();
      },
    );
    expect(await alive()).toBe(true);
    // Control: with the token it does end the session.
    const out = await call(() => rSignout.action(args(postForm("/signout", {}, staff.cookie))));
    expect(out.location).toBe("/signin");
    expect(await alive()).toBe(false);
  });

  it("lang: GET only redirects; a post needs the token and never redirects off-site", async () => {
    expect((await call(() => rLang.loader())).location).toBe("/");
    const noToken = await call(() => rLang.action(args(postForm("/lang", { lang: "en", redirectTo: "/staff" }, w.drafterA.cookie, false))));
    expect(noToken.status).toBe(403);
    expect(noToken.headers.get("Set-Cookie")).toBeNull();
    const offsite = await call(() => rLang.action(args(postForm("/lang", { lang: "en", redirectTo: "//evil.example/x" }, w.drafterA.cookie))));
    expect(offsite.location).toBe("/");
    expect(offsite.headers.get("Set-Cookie")).toMatch(/lang/);
  });
});

// Last, because it changes the world: the same forms, from the rightful party with the token, do
// write. Without this the refusals above could pass on forms that would have changed nothing anyway.
describe("control: the rightful party's actions with the token do write", () => {
  it.each(withAction(staffCases))("%s", async (_file, c) => {
    const before = await fingerprint();
    const r = await callAction(c, targetOf(c, w.A), formOf(c, w.A), ownerOf(c).cookie);
    expect(r.status, JSON.stringify(r.data)).toBeLessThan(400);
    expect(await fingerprint()).not.toEqual(before);
  });

  it("i.$token._index.tsx", async () => {
    const before = await fingerprint();
    const token = w.A.tokenX;
    const r = await call(async () => rInvitee.action({ request: postForm(`/i/${token}`, { intent: "autosave", "c:general": "Bản nháp" }, await csrfCookiePair()), params: { token }, context: ctx }));
    expect(r.status).toBe(200);
    expect(await fingerprint()).not.toEqual(before);
  });
});
