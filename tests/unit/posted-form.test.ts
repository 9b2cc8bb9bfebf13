import { describe, expect, it } from "vitest";
import { readPostedForm } from "~/documents/multipart.server";

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    pull(controller) {
      const next = chunks.shift();
      if (next === undefined) controller.close();
      else controller.enqueue(new TextEncoder().encode(next));
    },
  });
}

function post(body: BodyInit, headers: Record<string, string> = {}): Request {
  return new Request("http://localhost/x", { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

/**
 * A multipart form is read two ways: streamed from the Request (a Request built by a test or a tool),
 * or parsed from the bytes server.js's body policy received (context.receivedBody, the served portal).
 * Both must give the same form and the same refusals.
 */
const WAYS = [
  { way: "streamed from the Request", fromBytes: false },
  { way: "parsed from the bytes the body policy received", fromBytes: true },
] as const;

async function read(fromBytes: boolean, request: Request, maxPartBytes: number, limits: Parameters<typeof readPostedForm>[2] = {}) {
  if (!fromBytes) return readPostedForm(request, maxPartBytes, limits);
  const bytes = new Uint8Array(await request.clone().arrayBuffer());
  return readPostedForm(request, maxPartBytes, limits, bytes);
}

function raw(parts: [header: string, value: string][]): Request {
  const body = parts.map(([header, value]) => `--zz\r\nContent-Disposition: ${header}\r\n\r\n${value}\r\n`).join("") + "--zz--\r\n";
  return post(body, { "Content-Type": "multipart/form-data; boundary=zz" });
}

describe("reading a posted form within a limit", () => {
  it("reads a urlencoded form, Vietnamese text and spaces included", async () => {
    const form = await readPostedForm(post("c%3A1=%C4%90%E1%BB%81+ngh%E1%BB%8B+s%E1%BB%ADa&intent=save", { "Content-Type": "application/x-www-form-urlencoded" }), 1000);
    expect(form).not.toBe("tooLarge");
    expect((form as FormData).get("c:1")).toBe("Đề nghị sửa");
    expect((form as FormData).get("intent")).toBe("save");
  });

  it("refuses a urlencoded body over the limit even when it is chunked without a length", async () => {
    const body = streamOf(Array.from({ length: 20 }, () => `a=${"x".repeat(100)}&`));
    expect(await readPostedForm(post(body, { "Content-Type": "application/x-www-form-urlencoded" }), 1000)).toBe("tooLarge");
  });

  it("refuses a declared length over the limit without reading", async () => {
    expect(await readPostedForm(post("a=1", { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": "5000" }), 1000)).toBe("tooLarge");
  });
});

describe.each(WAYS)("a multipart form $way", ({ fromBytes }) => {
  it("reads multipart text fields as strings and files as files", async () => {
    const data = new FormData();
    data.set("signerName", "Nguyễn Văn A");
    data.set("replyLetter", new File(["%PDF-1.4"], "cv.pdf", { type: "application/pdf" }));
    const form = await read(fromBytes, post(data), 1000);
    expect((form as FormData).get("signerName")).toBe("Nguyễn Văn A");
    const file = (form as FormData).get("replyLetter") as File;
    expect(file.name).toBe("cv.pdf");
    expect(await file.text()).toBe("%PDF-1.4");
  });

  it("refuses a multipart text part or file over the limit", async () => {
    const text = new FormData();
    text.set("c:general", "x".repeat(2000));
    expect(await read(fromBytes, post(text), 1000)).toBe("tooLarge");
    const file = new FormData();
    file.set("replyLetter", new File(["x".repeat(2000)], "big.pdf"));
    expect(await read(fromBytes, post(file), 1000)).toBe("tooLarge");
  });
});

describe.each(WAYS)("the multipart parser (issue 13, findings 7 and 10), $way", ({ fromBytes }) => {
  it("reads quoted file names with ';' and '=' as the browser sent them", async () => {
    for (const name of ["Cong van 12; gop y.pdf", "Quyết định số 1=2.pdf", "a; filename=b.pdf"]) {
      const data = new FormData();
      data.set("replyLetter", new File(["%PDF-1.4"], name, { type: "application/pdf" }));
      const form = await read(fromBytes, post(data), 1000);
      expect(((form as FormData).get("replyLetter") as File).name).toBe(name);
    }
  });

  it("calls a damaged form malformed, never throws", async () => {
    const type = { "Content-Type": "multipart/form-data; boundary=zz" };
    expect(await read(fromBytes, post("not multipart", type), 1000)).toBe("malformed");
    expect(await read(fromBytes, post('--zz\r\nContent-Disposition: form-data; name="a"\r\n\r\ncut', type), 1000)).toBe("malformed");
    expect(await read(fromBytes, post("x", { "Content-Type": "multipart/form-data" }), 1000)).toBe("malformed");
    expect(await read(fromBytes, post(`--zz\r\nContent-Disposition: form-data; name="a"; x="${"h".repeat(1 << 20)}"\r\n\r\nv\r\n--zz--\r\n`, type), 1000)).toBe("malformed");
    expect(await readPostedForm(post("{}", { "Content-Type": "application/json" }), 1000)).toBe("malformed");
  });

  it("calls an empty body and a part header that is not UTF-8 malformed (review)", async () => {
    const type = { "Content-Type": "multipart/form-data; boundary=zz" };
    expect(await read(fromBytes, post("", type), 1000)).toBe("malformed");
    const latin1 = Buffer.concat([Buffer.from('--zz\r\nContent-Disposition: form-data; name="'), Buffer.from([0xff, 0xfe]), Buffer.from('"\r\n\r\nv\r\n--zz--\r\n')]);
    expect(await read(fromBytes, post(latin1, type), 1000)).toBe("malformed");
  });

  it("refuses more parts than allowed", async () => {
    const data = new FormData();
    for (let i = 0; i < 50; i++) data.append("x", "a");
    expect(await read(fromBytes, post(data), 1000, { maxParts: 20 })).toBe("tooLarge");
    expect(await readPostedForm(post("a=1&".repeat(50), { "Content-Type": "application/x-www-form-urlencoded" }), 1000, { maxParts: 20 })).toBe("tooLarge");
  });

  it("reads every field name as the library's parser does, plain ones by the short way", async () => {
    const form = (await read(
      fromBytes,
      raw([
        ['form-data; name="c:12"', "plain"],
        ['form-data; name="ph:12"', "[]"],
        ['form-data; name="with space"', "spaced"],
        ["form-data; name=unquoted", "bare"],
        ['form-data; name="quo\\"te"', "escaped"],
        ['form-data; name="  padded "', "trimmed"],
        ['form-data; name="nul"', "a\u0000b"],
        ['form-data; name="replyLetter"; filename=""', ""],
      ]),
      1000,
    )) as FormData;
    expect([...form.keys()]).toEqual(["c:12", "ph:12", "with space", "unquoted", 'quo"te', "padded", "nul"]);
    expect(form.get("c:12")).toBe("plain");
    expect(form.get("with space")).toBe("spaced");
    expect(form.get("unquoted")).toBe("bare");
    expect(form.get('quo"te')).toBe("escaped");
    expect(form.get("nul")).toBe("ab");
    // A file input left empty is no file (every route reads it so), a chosen empty file is one.
    expect(form.get("replyLetter")).toBeNull();
    const chosen = (await read(fromBytes, raw([['form-data; name="replyLetter"; filename="empty.pdf"', ""]]), 1000)) as FormData;
    expect((chosen.get("replyLetter") as File).name).toBe("empty.pdf");
  });

  it("reads a plain name from the header's bytes only when the header is exactly that, else as the library does", async () => {
    const body =
      [
        '--zz\r\ncontent-disposition: form-data; name="c:1"\r\n\r\nlower-case header\r\n',
        '--zz\r\nContent-Disposition: form-data; name="c:2"\r\nContent-Type: text/plain\r\n\r\nwith a type\r\n',
        '--zz\r\nContent-Disposition: form-data; name="tên"\r\n\r\nVietnamese name\r\n',
        '--zz\r\nContent-Disposition: form-data; name="c:3"; filename="a.txt"\r\n\r\nfile\r\n',
        '--zz\r\nContent-Disposition: form-data; name="c:4"\r\n\r\n\r\n',
        "--zz--\r\n",
      ].join("");
    const form = (await read(fromBytes, post(body, { "Content-Type": "multipart/form-data; boundary=zz" }), 1000)) as FormData;
    expect([...form.entries()].map(([k, v]) => [k, typeof v === "string" ? v : `file ${v.name}`])).toEqual([
      ["c:1", "lower-case header"],
      ["c:2", "with a type"],
      ["tên", "Vietnamese name"],
      ["c:3", "file a.txt"],
      ["c:4", ""],
    ]);
  });

  it("a parameter name not spelled `name` names no field, whichever way the header is read (the library matches `name` exactly)", async () => {
    const body =
      [
        '--zz\r\nContent-Disposition: form-data; NAME="c:5"\r\n\r\nupper-case parameter\r\n',
        '--zz\r\ncontent-disposition: FORM-DATA; Name="c:6"\r\n\r\ncapitalised parameter\r\n',
        '--zz\r\nCONTENT-DISPOSITION: FORM-DATA; name="c:7"\r\n\r\nupper-case header\r\n',
        "--zz--\r\n",
      ].join("");
    const form = (await read(fromBytes, post(body, { "Content-Type": "multipart/form-data; boundary=zz" }), 1000)) as FormData;
    expect([...form.entries()]).toEqual([["c:7", "upper-case header"]]);
  });
});
