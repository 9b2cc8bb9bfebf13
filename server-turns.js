// One request's handler starts per turn of the event loop (issue 14, found with the load bench).
//
// Node accepts one new connection per turn of its event loop. On SQLite a request's work is
// synchronous from its body's last byte to its answer, so a turn that finds many requests ready ran
// all of them, a few milliseconds each: under load a turn took up to a second, and agencies opening a
// connection then waited for one turn each — 200 of them, 8 seconds (measured: the 200th connection
// accepted 9 s after the first while the portal answered others in 50 ms). Starting the handlers one
// per turn, first come first served, keeps every turn short: connections are accepted and bodies read
// between requests, and the wait is shared fairly (the same run: every connection accepted within a
// second, p99 2 s instead of 8 s, p50 up from 50 ms to 1 s). Idle, it costs one setImmediate.
// PostgreSQL's requests wait on the network and overlap as before: only their starts are spaced.

/**
 * Express middleware: calls next() on a later turn, in the order the requests arrived. A request whose
 * client left while it waited is never started (nothing would read its answer; under load that is work
 * saved for the others): it is dropped and the next one starts on the same turn.
 */
export function oneStartPerTurn() {
  const waiting = [];
  let scheduled = false;
  const startNext = () => {
    scheduled = false;
    let entry = waiting.shift();
    while (entry && gone(entry)) entry = waiting.shift();
    if (waiting.length > 0) schedule();
    entry?.next();
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(startNext);
  };
  return (req, res, next) => {
    waiting.push({ req, res, next });
    schedule();
  };
}

/** The client of a waiting request went away: its socket is closed, or its response was destroyed. */
const gone = ({ req, res }) => Boolean(res?.destroyed || req?.socket?.destroyed);
