import type { FullRedactor } from './redact-preset.js';

/** Stored output per stream: the first HEAD and last TAIL bytes, with a note of how much was cut. */
export const OUTPUT_CAP_BYTES = 64 * 1024;
const TAIL_BYTES = 16 * 1024;
const HEAD_BYTES = OUTPUT_CAP_BYTES - TAIL_BYTES;
/** Extra bytes kept past each edge so a secret straddling a cut is still seen whole by redaction. */
const REDACT_MARGIN = 16 * 1024;

function firstBytes(text: string, bytes: number): string {
  const buf = Buffer.from(text, 'utf8');
  if (buf.length <= bytes) return text;
  return buf.subarray(0, bytes).toString('utf8').replace(/\uFFFD+$/, '');
}

function lastBytes(text: string, bytes: number): string {
  const buf = Buffer.from(text, 'utf8');
  if (buf.length <= bytes) return text;
  return buf.subarray(buf.length - bytes).toString('utf8').replace(/^\uFFFD+/, '');
}

/**
 * Collects a stream without ever holding more than about 100 KiB of it, however much the
 * program prints; `finish` redacts before it cuts, so nothing secret survives at an edge.
 */
export class OutputCapture {
  private head: Buffer[] = [];
  private headLen = 0;
  private tail: Buffer = Buffer.alloc(0);
  total = 0;

  push(chunk: Buffer): void {
    this.total += chunk.length;
    const room = HEAD_BYTES + REDACT_MARGIN + TAIL_BYTES - this.headLen;
    if (room > 0) {
      const part = chunk.subarray(0, room);
      this.head.push(Buffer.from(part));
      this.headLen += part.length;
    }
    const keep = TAIL_BYTES + REDACT_MARGIN;
    this.tail = Buffer.concat([this.tail, chunk]);
    if (this.tail.length > 2 * keep) this.tail = Buffer.from(this.tail.subarray(this.tail.length - keep));
  }

  /** The text to store and how many bytes of the original were left out. */
  async finish(redact: (text: string) => Promise<string>): Promise<{ text: string; cut: number }> {
    const head = Buffer.concat(this.head);
    if (this.total <= OUTPUT_CAP_BYTES) return { text: await redact(head.toString('utf8')), cut: 0 };
    const headText = firstBytes(await redact(head.subarray(0, HEAD_BYTES + REDACT_MARGIN).toString('utf8').replace(/\uFFFD+$/, '')), HEAD_BYTES);
    const tailSource = this.tail.subarray(Math.max(0, this.tail.length - (TAIL_BYTES + REDACT_MARGIN)));
    const tailText = lastBytes(await redact(tailSource.toString('utf8').replace(/^\uFFFD+/, '')), TAIL_BYTES);
    const cut = this.total - HEAD_BYTES - TAIL_BYTES;
    return { text: `${headText}\n[… ${cut} bytes cut: kept the first ${HEAD_BYTES} and the last ${TAIL_BYTES} of ${this.total} …]\n${tailText}`, cut };
  }
}

/**
 * Splits a stream into complete lines for live display, redacted, up to a limit. The lines of one
 * chunk are redacted together (one secretlint run), each seeing the line before it and the next
 * one when it came in the same chunk, so a secret wrapped onto the next line is hidden on both.
 * Redaction is asynchronous: lines are emitted in order once redacted; `drained` waits for them.
 * If redaction fails, the lines are hidden, never shown as they came.
 */
export class LiveLines {
  private pending = '';
  private shown = 0;
  private stopped = false;
  private previous = '';
  private inKey = false;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly emit: (line: string) => void,
    private readonly redact: FullRedactor,
    private readonly limit = OUTPUT_CAP_BYTES,
  ) {}

  push(chunk: Buffer): void {
    if (this.stopped) return;
    this.pending += chunk.toString('utf8');
    const lines = this.pending.split('\n');
    this.pending = lines.pop()!;
    const texts = lines.map((l) => `${l}\n`);
    if (this.pending.length > 8192) {
      texts.push(this.pending);
      this.pending = '';
    }
    this.batch(texts, this.pending);
  }

  end(): void {
    if (this.pending && !this.stopped) this.batch([`${this.pending}\n`], '');
    this.pending = '';
  }

  /** Resolves once every line pushed so far has been emitted. */
  drained(): Promise<void> {
    return this.queue;
  }

  private batch(texts: string[], next: string): void {
    // What is shown, and where the limit falls, is decided here, in arrival order.
    const lines: string[] = [];
    let notice: string | null = null;
    const before = this.previous;
    for (let text of texts) {
      if (this.stopped) break;
      const raw = text;
      // Line-by-line redaction cannot see a multi-line private key whole: hide the block's lines.
      if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) this.inKey = true;
      if (this.inKey) {
        if (/-----END [A-Z ]*PRIVATE KEY-----/.test(text)) this.inKey = false;
        text = '[REDACTED]\n';
      }
      this.shown += Buffer.byteLength(text, 'utf8');
      if (this.shown > this.limit) {
        this.stopped = true;
        notice = `[… more output; only the first ${this.limit} bytes are shown live, the log keeps the first and last parts]\n`;
        break;
      }
      lines.push(text);
      this.previous = raw.endsWith('\n') ? raw : `${raw}\n`;
    }
    if (lines.length === 0 && notice === null) return;
    const redacted = lines.length ? this.redact.lines(before, lines, next).catch(() => lines.map(() => '[REDACTED]\n')) : Promise.resolve([]);
    this.queue = this.queue.then(async () => {
      for (const line of await redacted) this.emit(line);
      if (notice !== null) this.emit(notice);
    });
  }
}
