import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { terminalText } from '../src/core/terminal-text.js';
import { argvText } from '../src/export/describe-event.js';
import { mdCommand } from '../src/export/postmortem-md.js';
import { mdText } from '../src/export/render-markdown.js';
import { applyRanges, flatView, NOT_PLAIN_ASCII, rangesAcross, REDACTED } from '../src/hooks/redact-across.js';
import { makePrefilter } from '../src/hooks/redact-prefilter.js';
import { makeRedactor, SUPPLEMENT_PATTERNS } from '../src/hooks/redact.js';

// The export's fast paths each skip work when a cheap check proves the slow path would change
// nothing. Each is held here equal to the slow path on arbitrary text: any code unit (controls,
// escapes, bidi and invisible characters, lone surrogates, astral characters), and pieces of
// secrets, escapes and line breaks glued together so the interesting cases come up often.

const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const PIECES = [
  'sk-proj-', 'sk-', 'sk_live_', 'glpat-', 'hf_', 'AIza', 'eyJ', 'Bearer ', 'basic ', 'password=', 'Token: ', 'pwd=', 'redis://u:', '@h',
  '-----BEGIN RSA PRIVATE KEY-----', '\x1b[1m', '\x1b]0;t\x07', '\u009b', '\u200b', '\u202e', '\ufeff', '\u00ad', '\n', '\r\n', '\r', '\t', '|', ' ',
  'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdef', 'é', '—', '\u{1F600}', '\ud800', '\x7f', '\x00',
];
const text = fc.oneof(
  fc.string({ unit: anyUnit, maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 12 }), fc.string({ unit: anyUnit, maxLength: 4 })), { maxLength: 14 }).map((p) => p.join('')),
);

const notPlain = new RegExp(NOT_PLAIN_ASCII);
const EXTRA = [/[A-Z]{3}-\d{4,}/g, /secret/gi];

describe('the redactor’s fast path', () => {
  it('finds with the extra class exactly what the prefilter finds, or a character of the class', () => {
    for (const patterns of [SUPPLEMENT_PATTERNS, [...SUPPLEMENT_PATTERNS, ...EXTRA], EXTRA.filter((re) => re.flags.includes('i'))]) {
      const plain = makePrefilter(patterns);
      const withClass = makePrefilter(patterns, NOT_PLAIN_ASCII);
      fc.assert(
        fc.property(text, (t) => {
          expect(withClass(t)).toBe(plain(t) || notPlain.test(t));
        }),
        { numRuns: 1500 },
      );
    }
  });

  it('skips only text that is its own flat view', () => {
    fc.assert(
      fc.property(text, (t) => {
        if (!notPlain.test(t)) expect(flatView(t)).toBe(t);
      }),
      { numRuns: 4000 },
    );
  });

  it('redacts every text as the redactor without the fast path does', () => {
    // The redactor as it was before the fast path, from the same parts.
    const patterns = SUPPLEMENT_PATTERNS;
    const joinable = patterns.filter((re) => !re.source.startsWith('(?<=') && !re.source.startsWith('-----BEGIN'));
    const mayMatch = makePrefilter(patterns);
    const slow = (t: string) => {
      const flat = flatView(t);
      if (!mayMatch(t) && !(flat !== t && mayMatch(flat))) return t;
      let out = applyRanges(t, rangesAcross(t, patterns, joinable));
      for (const re of patterns) out = out.replace(re, REDACTED);
      return out;
    };
    const fast = makeRedactor();
    fc.assert(
      fc.property(text, (t) => {
        expect(fast(t)).toBe(slow(t));
      }),
      { numRuns: 4000 },
    );
  });
});

describe('an argv as shown', () => {
  it('reads as the map-and-join it replaced, nulls of an edited payload shown as nothing', () => {
    const before = (argv: readonly (string | null)[]) => argv.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a as string) ? a : `'${(a as string).replace(/'/g, `'\\''`)}'`)).join(' ');
    fc.assert(
      fc.property(fc.array(fc.oneof(text, fc.constantFrom('./x.sh', "it's", '--to', 'v1', ''), fc.constant(null)), { maxLength: 8 }), (argv) => {
        expect(argvText(argv as string[])).toBe(before(argv));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('Markdown text', () => {
  // What an export did before controls were made visible per text: Markdown escapes (and `&`
  // since), then the whole page through the terminal sanitiser.
  const before = (t: string) => terminalText(t.replace(/[\\`*_[\]<>|~&]/g, '\\$&').replace(/\r\n|[\n\r\u2028\u2029]/g, '<br>'));

  it('mdText passes a text that needs nothing as it is, and otherwise escapes it exactly as the whole-page scan did', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(mdText(t)).toBe(before(t));
      }),
      { numRuns: 2000 },
    );
    expect(mdText('plain words, 09:00:01')).toBe('plain words, 09:00:01');
    expect(mdText('a\u202eb|\x1b[31m')).toBe('a<U+202E>b\\|␛\\[31m');
    // An entity typed in a note is shown as typed, not as the character it names
    expect(mdText('R&D: &lt;b&gt;')).toBe('R\\&D: \\&lt;b\\&gt;');
  });

  it('a command in inline code cannot end its span', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(mdCommand(`aiops hook undo INC-2026-0001 ${t}`).slice(1, -1)).not.toContain('`');
      }),
    );
  });
});
