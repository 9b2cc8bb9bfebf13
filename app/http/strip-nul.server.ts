import { Transform } from "node:stream";

/**
 * React 18.3's server renderer (writeStringChunk in react-dom/server.node) writes its whole 2,048-byte
 * buffer when a multi-byte character does not fit at the buffer's end, so the 1–3 unused bytes go out
 * as NUL bytes in the middle of the page: an agency named "Ủy ban …" on the board became "\0Ủy ban …"
 * whenever its "Ủ" straddled a buffer boundary. A NUL has no place in HTML (the parser turns it into
 * U+FFFD), and the text we render never holds one (clause text is stripped of control characters,
 * React escapes nothing into NUL), so dropping every zero byte restores exactly what React meant to
 * write. Remove when React's renderer writes `subarray(0, writtenBytes)` there (React 19 does).
 */
export function stripNulBytes(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (chunk.indexOf(0) === -1) return done(null, chunk);
      const out = Buffer.allocUnsafe(chunk.length);
      let n = 0;
      for (const byte of chunk) if (byte !== 0) out[n++] = byte;
      done(null, out.subarray(0, n));
    },
  });
}
