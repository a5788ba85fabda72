/** Texts are scanned in batches of about this many characters: one secretlint run costs ~1.5 ms however short its text. */
const BATCH_CHARS = 64 * 1024;

/**
 * Texts already taken are remembered up to this many characters, so a text that repeats (a hook's
 * output on every retry, an alert's labels, names, step ids) is scanned once; past it the memory
 * starts again, so a long incident is never held whole.
 */
const SEEN_CHARS = 4 * 1024 * 1024;

/**
 * Gathers every distinct string of the values it is given (a payload's strings, at any depth) into
 * batches for a secret scan: each batch is its texts joined by a line feed, handed to `onBatch` once
 * it holds about 64 KB (and at `end`). Synchronous, so it can sit inside a read of the log.
 */
export function textBatches(onBatch: (text: string) => void): { add(value: unknown): void; end(): void } {
  let batch: string[] = [];
  let size = 0;
  let seen = new Set<string>();
  let seenChars = 0;
  const take = (v: string) => {
    if (!v || seen.has(v)) return;
    if (seenChars + v.length > SEEN_CHARS) {
      seen = new Set();
      seenChars = 0;
    }
    seen.add(v);
    seenChars += v.length;
    batch.push(v);
    size += v.length;
    if (size >= BATCH_CHARS) end();
  };
  // Index and for-in loops: no iterator or array of values made per object, as a 10,000-event export has 10,000 of them.
  const add = (v: unknown): void => {
    if (typeof v === 'string') take(v);
    else if (Array.isArray(v)) for (let i = 0; i < v.length; i++) add(v[i]);
    else if (v && typeof v === 'object') for (const k in v) if (Object.hasOwn(v, k)) add((v as Record<string, unknown>)[k]);
  };
  const end = () => {
    if (batch.length === 0) return;
    const text = batch.join('\n');
    batch = [];
    size = 0;
    onBatch(text);
  };
  return { add, end };
}
