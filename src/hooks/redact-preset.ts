/**
 * The maintained part of redaction: secretlint's recommended preset, run on a text with
 * @secretlint/core's `lintSource`; every range it reports is replaced by the redaction marker.
 * secretlint is loaded on first use only (about 140 ms), so commands that redact nothing never
 * load it.
 */
import type { lintSource } from '@secretlint/core';
import { applyRanges, type Range, rangesFoundAcross } from './redact-across.js';
import { makeRedactor, type Redactor } from './redact.js';
import { textBatches } from './text-batches.js';

type SecretLintCoreConfig = Parameters<typeof lintSource>[0]['options']['config'];
type Lint = (text: string) => Promise<Range[]>;
let loading: Promise<Lint> | null = null;

/** The preset's rule that honours `secretlint-disable` comments (see `load`). */
const FILTER_COMMENTS = '@secretlint/secretlint-rule-filter-comments';

/**
 * A reported range, made to cover the secret the message names. secretlint's AWS secret-key rule
 * (and its npm x-oauth-basic rule) report a range as long as the secret but starting where the
 * whole match does (at `AWS_SECRET_ACCESS_KEY=`), which would leave the secret's end showing; the
 * message's data names the secret itself.
 */
function covering(text: string, [start, end]: Range, data: unknown): Range {
  for (const v of Object.values(data ?? {})) {
    if (typeof v !== 'string' || v.length === 0) continue;
    const at = text.indexOf(v, start);
    if (at >= start && at <= end) end = Math.max(end, at + v.length);
  }
  return [start, end];
}

function load(): Promise<Lint> {
  loading ??= (async () => {
    const [{ lintSource }, { rules }] = await Promise.all([import('@secretlint/core'), import('@secretlint/secretlint-rule-preset-recommend')]);
    const config: SecretLintCoreConfig = {
      // The preset's rules, each on its own: `disabled:` on a rule inside a preset is not honoured
      // by @secretlint/core 11, and the comment filter must not run. `secretlint-disable` comments
      // are for source files; in hook output they would let whatever the hook prints switch
      // redaction off.
      rules: rules
        .filter((rule) => rule.meta.id !== FILTER_COMMENTS)
        // Access key ids (AKIA…) are only scanned for when asked.
        .map((rule) => ({ id: rule.meta.id, rule, options: rule.meta.id === '@secretlint/secretlint-rule-aws' ? { enableIDScanRule: true } : {} })),
    };
    return async (text: string) => {
      // secretlint drops a leading byte-order mark and reports ranges without it.
      const shift = text.charCodeAt(0) === 0xfeff ? 1 : 0;
      const result = await lintSource({ source: { content: text, filePath: '', ext: '.txt', contentType: 'text' }, options: { config, noPhysicFilePath: true } });
      return result.messages.map((m) => covering(text, [m.range[0] + shift, m.range[1] + shift], m.data));
    };
  })();
  loading.catch(() => (loading = null));
  return loading;
}

/**
 * Where the preset finds secrets in `text`, also when escapes, invisible characters or (unless
 * `acrossBreaks` is false: the lines are separate texts) a line break split one.
 */
export async function presetRanges(text: string, acrossBreaks = true): Promise<Range[]> {
  if (!/\S/.test(text)) return [];
  const lint = await load();
  return rangesFoundAcross(text, lint, acrossBreaks);
}

/** The full redactor: the preset's finds, then the sync redactor (supplement patterns, aiops.yaml `redact:`, secret values). */
export interface FullRedactor {
  (text: string): Promise<string>;
  /** The sync part alone. */
  sync: Redactor;
  /** Redacts consecutive lines, each seeing `before`, its neighbours and `after` (live output). */
  lines(before: string, lines: readonly string[], after: string): Promise<string[]>;
}

export function makeFullRedactor(extra: readonly string[] = [], literals: readonly string[] = []): FullRedactor {
  const sync = makeRedactor(extra, literals);
  const redact = async (text: string) => sync(applyRanges(text, await presetRanges(text)));
  const lines = async (before: string, texts: readonly string[], after: string) => {
    const ranges = await presetRanges(before + texts.join('') + after);
    let at = before.length;
    return texts.map((line, i) => {
      const from = at;
      const to = (at += line.length);
      const mine = ranges.filter(([s, e]) => s < to && e > from).map(([s, e]): Range => [Math.max(s, from) - from, Math.min(e, to) - from]);
      return sync.around(i === 0 ? before : texts[i - 1]!, applyRanges(line, mine), texts[i + 1] ?? after);
    });
  };
  return Object.assign(redact, { sync, lines });
}

/** Redacts one text fully (preset, supplement, `extra` patterns, `literals`). */
export function redactFully(text: string, extra: readonly string[] = [], literals: readonly string[] = []): Promise<string> {
  return makeFullRedactor(extra, literals)(text);
}

/** Where the preset finds secrets in a batch of separate texts joined by line feeds (no secret runs from one into the next): each as it appears. */
export async function secretsInBatch(text: string): Promise<string[]> {
  return (await presetRanges(text, false)).map(([s, e]) => text.slice(s, e));
}

/** Loads secretlint now, so a scan that comes later does not wait for it. */
export async function preloadPreset(): Promise<void> {
  await load();
}

/**
 * Collects what the preset finds in many texts, for code that must redact synchronously (the
 * export builds its document event by event): gather first, then pass the finds to
 * `makeRedactor` as literal values. `add` takes every string in a value (an event's payload, say)
 * at once; `finds` scans what was taken since it was last called and returns every secret found
 * so far, as it appears.
 */
export function presetFinder(): { add(value: unknown): void; finds(): Promise<string[]> } {
  const found = new Set<string>();
  const pending: string[] = [];
  const texts = textBatches((text) => pending.push(text));
  return {
    add: texts.add,
    async finds() {
      texts.end();
      while (pending.length > 0) for (const secret of await secretsInBatch(pending.shift()!)) found.add(secret);
      return [...found];
    },
  };
}
