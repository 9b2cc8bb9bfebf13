/**
 * Drives the load: invited agencies submitting their answers (one invitation per submission, as a
 * multipart form the way the browser sends it) while signed-in drafters read their pages. Counts what
 * the server acknowledged (a 302 to a receipt) so the caller can compare it with what was stored.
 */
import autocannon from "autocannon";

export interface Target {
  baseURL: string;
  /** Cookie header with the visitor's CSRF cookie, and the matching form field value. */
  csrfCookie: string;
  csrfToken: string;
}

export interface SubmitLoad {
  tokens: string[];
  /** Index of the first token to use: every run takes fresh invitations. */
  firstToken: number;
  /** Submissions to send; the run waits for every answer, so each one is counted. */
  amount: number;
  connections: number;
  /** Requests per second offered by all connections together; unset = as fast as the server answers. */
  rate?: number;
  clauseIds: number[];
  commentsPerSubmission: number;
}

export interface ReadLoad {
  cookie: string;
  paths: string[];
  connections: number;
}

/** Latencies of one page, measured by the client from sending the request to its whole answer. */
export interface PageFigures {
  requests: number;
  p50: number;
  p99: number;
  /** Answers other than 200 (timeouts are counted only in the errors over all pages). */
  errors: number;
}

export type ReadFigures = Figures & { pages: Record<string, PageFigures> };

export interface Figures {
  requests: number;
  perSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Connection errors (timeouts included) and every response other than the expected one. */
  errors: number;
  statuses: Record<string, number>;
}

export interface LoadResult {
  submit: Figures & { acknowledged: number; seconds: number; tokensUsed: number; slowest: [number, number][] };
  read: ReadFigures | null;
}

const BOUNDARY = "----GopYLoadBoundary7MA4YWxkTrZu0gW";

/**
 * The answer form exactly as the invitee page's browser posts it (multipart, because of the optional
 * reply letter): the CSRF field, the request key and base revision, then every box of the page in its
 * order, written or not (the general comment, then each clause's comment and proposed wording), the
 * answer kind, the signer, the empty file field and the button pressed. `comments` boxes are written.
 */
export function answerBody(csrf: string, clauseIds: number[], n: number, comments: number): string {
  const written = new Map<number, [string, string]>();
  for (let k = 0; k < comments; k++) {
    const clause = clauseIds[(n * 7 + k * 13) % clauseIds.length]!;
    written.set(clause, [
      `Ý kiến số ${k + 1} của cơ quan thứ ${n + 1}: đề nghị làm rõ thời hạn và trách nhiệm thực hiện nội dung này.`,
      k === 0 ? "Đề nghị sửa thành: “Chậm nhất ngày 30 tháng 9 năm 2023”." : "",
    ]);
  }
  const fields: [string, string][] = [
    ["csrf", csrf],
    ["requestKey", `load-${n.toString(36).padStart(8, "0")}-${Math.random().toString(36).slice(2, 12)}`],
    ["baseRevision", "0"],
    ["c:general", ""],
  ];
  for (const id of clauseIds) {
    const [text, wording] = written.get(id) ?? ["", ""];
    fields.push([`c:${id}`, text], [`p:${id}`, wording]);
  }
  fields.push(["answerKind", "comments"], ["signerName", `Nguyễn Văn ${n + 1}`], ["signerPosition", "Phó Giám đốc"]);
  let body = "";
  for (const [name, value] of fields) body += `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  body += `--${BOUNDARY}\r\nContent-Disposition: form-data; name="replyLetter"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n`;
  body += `--${BOUNDARY}\r\nContent-Disposition: form-data; name="intent"\r\n\r\nsubmit\r\n`;
  return `${body}--${BOUNDARY}--\r\n`;
}

/** The Content-Type header that goes with answerBody. */
export const ANSWER_CONTENT_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;

/**
 * `seconds`: the run's length as measured by the caller. autocannon's own `duration` ends at its next
 * one-second tick after the last answer, so a 3.2 s burst reads 4.0 s (and every burst of 1,500 read as
 * 7.1 s or 3.1 s, whatever its real length): rates from short bursts were off by up to a third.
 */
function figures(r: autocannon.Result, expected: number, seconds = r.duration): Figures {
  const statuses: Record<string, number> = {};
  for (const [code, s] of Object.entries(r.statusCodeStats ?? {})) statuses[code] = s.count ?? 0;
  const unexpected = Object.entries(statuses).reduce((n, [code, count]) => (Number(code) === expected ? n : n + count), 0);
  return {
    requests: r.requests.total,
    perSecond: r.requests.total / seconds,
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    max: r.latency.max,
    errors: r.errors + unexpected, // autocannon's errors already count the timeouts
    statuses,
  };
}

function start(opts: autocannon.Options): { instance: autocannon.Instance; done: Promise<autocannon.Result> } {
  let instance!: autocannon.Instance;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
  return { instance, done };
}

export async function driveLoad(target: Target, load: SubmitLoad, read: ReadLoad | null): Promise<LoadResult> {
  let next = load.firstToken;
  const began = performance.now();
  /** [ms since the start, latency] of each answer, to see when the slow ones were sent. */
  const slowest: [number, number][] = [];
  let acknowledged = 0;
  /** When the last answer came (the burst's end: autocannon reports its end a tick later). */
  let lastAnswerAt = began;
  const submit = start({
    url: target.baseURL,
    connections: load.connections,
    amount: load.amount,
    overallRate: load.rate,
    timeout: 20,
    requests: [
      {
        method: "POST",
        setupRequest: (req, context) => {
          const n = next++;
          (context as { sentAt?: number }).sentAt = performance.now();
          if (n >= load.tokens.length) throw new Error("not enough invitations seeded for this run");
          return {
            ...req,
            method: "POST",
            path: `/i/${load.tokens[n]}`,
            headers: { "content-type": ANSWER_CONTENT_TYPE, cookie: target.csrfCookie },
            body: answerBody(target.csrfToken, load.clauseIds, n, load.commentsPerSubmission),
          };
        },
        onResponse: (status, _body, context, headers) => {
          const sentAt = (context as { sentAt?: number }).sentAt;
          lastAnswerAt = performance.now();
          if (sentAt !== undefined) slowest.push([sentAt - began, lastAnswerAt - sentAt]);
          // Header names arrive as the server wrote them ("Location" or "location").
          const found = Object.entries((headers ?? {}) as Record<string, unknown>).find(([k]) => k.toLowerCase() === "location");
          const location = typeof found?.[1] === "string" ? found[1] : "";
          if (status === 302 && /\/receipt\?s=\d+$/.test(location)) acknowledged++;
        },
      },
    ],
  });
  const reader = read ? startReaders(target.baseURL, read) : null;
  const submitted = await submit.done;
  // A read sent during the burst may still be on its way when a short burst ends: wait for the first
  // answer (at most 20 s, autocannon's timeout) so the phase has read at least one page under load.
  if (reader) await Promise.race([reader.firstAnswer, new Promise((resolve) => setTimeout(resolve, 20_000).unref())]);
  reader?.instance.stop();
  const readResult = reader ? await reader.done : null;
  return {
    submit: {
      ...figures(submitted, 302, (lastAnswerAt - began) / 1000),
      acknowledged,
      seconds: (lastAnswerAt - began) / 1000,
      tokensUsed: next - load.firstToken,
      slowest: slowest.sort((a, b) => b[1] - a[1]).slice(0, 10),
    },
    read: readResult,
  };
}

function percentile(sorted: number[], q: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/**
 * Drafters reading their pages in turn (read.paths, round robin over read.connections connections):
 * `amount` reads, or until stopped. Besides autocannon's figures over all pages, each page's own p50
 * and p99, timed per request (one request in flight per connection, so the time from building the
 * request to its answer is its latency).
 */
function startReaders(baseURL: string, read: ReadLoad, amount?: number): { instance: autocannon.Instance; done: Promise<ReadFigures>; firstAnswer: Promise<void> } {
  let readIndex = 0;
  let answered!: () => void;
  const firstAnswer = new Promise<void>((resolve) => (answered = resolve));
  const times = new Map<string, number[]>(read.paths.map((p) => [p, []]));
  const failed = new Map<string, number>(read.paths.map((p) => [p, 0]));
  const { instance, done } = start({
    url: baseURL,
    connections: read.connections,
    ...(amount === undefined ? { duration: 3600 } : { amount }), // without an amount, stopped by the caller
    timeout: 20,
    headers: { cookie: read.cookie },
    requests: [
      {
        setupRequest: (req, context) => {
          const path = read.paths[readIndex++ % read.paths.length]!;
          Object.assign(context as object, { path, sentAt: performance.now() });
          return { ...req, method: "GET", path };
        },
        onResponse: (status, _body, context) => {
          const { path, sentAt } = context as { path?: string; sentAt?: number };
          if (path === undefined || sentAt === undefined) return;
          answered();
          if (status === 200) times.get(path)!.push(performance.now() - sentAt);
          else failed.set(path, failed.get(path)! + 1);
        },
      },
    ],
  });
  return {
    instance,
    firstAnswer,
    done: done.then((result) => {
      const pages: Record<string, PageFigures> = {};
      for (const path of read.paths) {
        const sorted = times.get(path)!.sort((a, b) => a - b);
        // Timeouts are not per page: they are in the errors over all pages (autocannon's).
        pages[path] = { requests: sorted.length + failed.get(path)!, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), errors: failed.get(path)! };
      }
      return { ...figures(result, 200), pages };
    }),
  };
}

/** Drafters' pages read with no submissions running: the reference for their latency under load. */
export async function readPages(baseURL: string, read: ReadLoad, amount: number): Promise<ReadFigures> {
  return startReaders(baseURL, read, amount).done;
}

/** The CSRF cookie and field of a fresh visitor, as the invitee page hands them out. */
export async function visitorCsrf(baseURL: string, token: string): Promise<{ csrfCookie: string; csrfToken: string }> {
  const res = await fetch(`${baseURL}/i/${token}`);
  const html = await res.text();
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("gopy_csrf="));
  const field = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!res.ok || !cookie || !field) throw new Error(`could not read the CSRF pair from the invitee page (status ${res.status})`);
  return { csrfCookie: cookie.split(";")[0]!, csrfToken: field };
}
