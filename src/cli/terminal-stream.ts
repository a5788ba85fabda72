import { StringDecoder } from 'node:string_decoder';
import { Writable } from 'node:stream';
import { terminalJson } from '../core/terminal-text.js';

/** A stream of JSON text to a terminal: C1 and bidi controls, which JSON leaves raw, written as \u escapes. */
export function terminalSafe(out: NodeJS.WritableStream): NodeJS.WritableStream {
  const decoder = new StringDecoder('utf8');
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
      if (text) out.write(terminalJson(text), done);
      else done();
    },
    final(done) {
      const rest = decoder.end();
      if (rest) out.write(terminalJson(rest), done);
      else done();
    },
  });
}
