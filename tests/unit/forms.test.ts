/** parseForm (app/forms.ts): the form as the object a schema reads, whatever the schema. */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseForm } from "~/forms";
describe("parseForm", () => {
  it("reads an object schema's keys and a repeated field as a list, as any other schema reads every field", () => {
    const form = new FormData();
    form.append("a", "1"); form.append("b", "x"); form.append("b", "y"); form.append("other", "z");
    expect(parseForm(z.object({ a: z.string(), b: z.array(z.string()), c: z.string().optional() }), form)).toEqual({ ok: true, data: { a: "1", b: ["x", "y"] } });
    expect(parseForm(z.object({ a: z.string() }).passthrough().transform((v) => v), form)).toEqual({ ok: true, data: { a: "1", b: ["x", "y"], other: "z" } });
    expect(parseForm(z.object({ a: z.string() }).passthrough(), form)).toEqual({ ok: true, data: { a: "1", b: ["x", "y"], other: "z" } });
    expect(parseForm(z.object({ a: z.string() }).strict(), form).ok).toBe(false);
    expect(parseForm(z.object({ a: z.string() }).catchall(z.string()), form).ok).toBe(false);
  });
});
