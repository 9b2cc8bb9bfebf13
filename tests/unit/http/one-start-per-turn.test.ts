/**
 * server-turns.js: request handlers start one per turn of the event loop, in arrival order, so that a
 * turn stays short and Node (one accepted connection per turn) keeps accepting under load.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { oneStartPerTurn } from "../../../server-turns.js";

type Middleware = (req: unknown, res: unknown, next: () => void) => void;

describe("one request handler started per turn of the event loop", () => {
  it("starts queued handlers in arrival order, each on a turn of its own", async () => {
    const gate = oneStartPerTurn() as Middleware;
    let turn = 0;
    let ticking = true;
    const tick = () => {
      turn++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const started: [number, number][] = [];
    await new Promise<void>((done) => {
      for (let i = 0; i < 5; i++) gate({}, {}, () => {
        started.push([i, turn]);
        if (started.length === 5) done();
      });
    });
    ticking = false;
    expect(started.map(([i]) => i)).toEqual([0, 1, 2, 3, 4]);
    const turns = started.map(([, t]) => t);
    expect(new Set(turns).size).toBe(5);
    for (let i = 1; i < turns.length; i++) expect(turns[i]!).toBeGreaterThan(turns[i - 1]!);
  });

  it("never starts a request whose client left while it waited; the ones after it start in order", async () => {
    const gate = oneStartPerTurn() as Middleware;
    const started: string[] = [];
    const left = { socket: { destroyed: false } };
    const destroyedResponse = { destroyed: false };
    await new Promise<void>((done) => {
      gate({ socket: { destroyed: false } }, { destroyed: false }, () => started.push("first"));
      gate(left, { destroyed: false }, () => started.push("socket closed"));
      gate({ socket: { destroyed: false } }, destroyedResponse, () => started.push("response destroyed"));
      gate({ socket: { destroyed: false } }, { destroyed: false }, () => {
        started.push("last");
        done();
      });
      // Both clients go away before their turn comes.
      left.socket.destroyed = true;
      destroyedResponse.destroyed = true;
    });
    expect(started).toEqual(["first", "last"]);
  });

  it("keeps accepting connections while busy handlers wait their turn (the control: all at once starves them)", async () => {
    async function acceptSpread(gated: boolean): Promise<number> {
      const gate = oneStartPerTurn() as Middleware;
      const accepted: number[] = [];
      const server = http.createServer((req, res) => {
        req.resume();
        req.on("end", () => {
          const work = () => {
            const until = performance.now() + 4; // a request's synchronous work
            while (performance.now() < until);
            res.end("ok");
          };
          if (gated) gate(req, res, work);
          else work();
        });
      });
      server.on("connection", () => accepted.push(performance.now()));
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      const { port } = server.address() as AddressInfo;
      const agent = new http.Agent({ keepAlive: true, maxSockets: 120 });
      const one = () =>
        new Promise<void>((resolve, reject) => {
          const req = http.request({ port, host: "127.0.0.1", method: "POST", agent }, (res) => {
            res.resume();
            res.on("end", () => resolve());
          });
          req.on("error", reject);
          req.end("x");
        });
      // 120 connections at once, each sending four requests one after the other.
      await Promise.all(Array.from({ length: 120 }, async () => {
        for (let k = 0; k < 4; k++) await one();
      }));
      agent.destroy();
      await new Promise((r) => server.close(r));
      return Math.max(...accepted) - Math.min(...accepted);
    }
    const ungated = await acceptSpread(false);
    const gated = await acceptSpread(true);
    // Ungated, the last connection is accepted once most of the others' work is done (about 2 s on
    // this machine); gated, within a few turns of the work.
    expect(gated).toBeLessThan(ungated / 2);
  }, 60_000);
});
