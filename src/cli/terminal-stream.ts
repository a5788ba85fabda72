import { StringDecoder } from 'node:string_decoder';
import { Writable } from 'node:stream';
import { terminalJson } from '../core/terminal-text.js';

/** The reader of a streamed output closed it (`aiops evidence export | head`): the stream stops, quietly. */
export class ReaderGone extends Error {
  constructor() {
    super('the reader of the output closed it');
  }
}

/**
 * A stream of JSON text to a terminal: C1 and bidi controls, which JSON leaves raw, written as \u
 * escapes. When the reader goes away (EPIPE), it fails with ReaderGone, so the command stops
 * reading the log for nobody and ends without calling it a bug.
 */
export function terminalSafe(out: NodeJS.WritableStream): NodeJS.WritableStream {
  const decoder = new StringDecoder('utf8');
  const send = (text: string, done: (err?: Error | null) => void) =>
    out.write(terminalJson(text), (err?: Error | null) => done(err && (err as NodeJS.ErrnoException).code === 'EPIPE' ? new ReaderGone() : err));
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
      if (text) send(text, done);
      else done();
    },
    final(done) {
      const rest = decoder.end();
      if (rest) send(rest, done);
      else done();
    },
  });
}
