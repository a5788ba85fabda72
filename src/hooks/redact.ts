import { applyRanges, flatView, NOT_PLAIN_ASCII, type Range, rangesAcross, REDACTED } from './redact-across.js';
import { makePrefilter } from './redact-prefilter.js';

const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g;

/**
 * What secretlint's recommended preset (see redact-preset.ts, which finds the rest) has no rule
 * for, or catches only in a form hook output often breaks. Each kept for that reason only:
 */
export const SUPPLEMENT_PATTERNS: RegExp[] = [
  // The preset's rule wants a whole, valid key block (END line, 100+ base64 characters); the
  // output cap or a live line-by-line view can leave only its start.
  PRIVATE_KEY,
  // `sk-` API keys: the preset knows only OpenAI's T3BlbkFJ-marked keys and Anthropic's
  // sk-ant-api0N keys of one length; the OpenAI-compatible providers (and others) use sk-… too.
  /\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{16,}/g,
  // Stripe secret and restricted keys: no preset rule.
  /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}/g,
  // GitLab personal access tokens: no preset rule.
  /\bglpat-[A-Za-z0-9_-]{20,}/g,
  // Hugging Face tokens: no preset rule.
  /\bhf_[A-Za-z0-9]{30,}\b/g,
  // Google API keys: the preset's GCP rule only reads service-account JSON and .p12 files.
  /\bAIza[0-9A-Za-z_-]{35}\b/g,
  // Authorization header values (curl -v, HTTP client logs): no preset rule.
  /\b(?:Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  // JSON Web Tokens: no preset rule.
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
  // A URL's password: the preset knows http(s)/ftp with a dotted host and letters-digits-only
  // passwords, and database URLs; not redis://, amqp://, a host without a dot or a password with
  // punctuation, and it skips "placeholder-looking" ones.
  /(?<=[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+(?=@)/gi,
  // key=value / key: value secrets (password=, token:, client_secret=…): the preset only knows AWS's.
  /(?<=(?:password|passwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|client[_-]?secret)["']?\s*[=:]\s*["']?)[^\s"'&,;]{4,}/gi,
  // Pwd= of a connection string (Server=db;Uid=app;Pwd=…), but not the shell's PWD=/OLDPWD= (a
  // path, which `env` in a hook prints: that is where the hook ran, not a secret).
  /(?<=\bpwd["']?\s*[=:]\s*["']?)(?!\/)[^\s"'&,;]{4,}/gi,
];

export { REDACTED };

/** Environment variable names whose values are treated as secrets wherever they show up in output. */
export const SECRET_ENV_NAME = /TOKEN|SECRET|PASSW(?:OR)?D|PASSPHRASE|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL|AUTH|COOKIE|SESSION/i;

/** Values shorter than this are not redacted literally: too many false hits ("true", "1"). */
const MIN_LITERAL = 6;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Redacts a text; `around` redacts one line of it, seeing the lines beside it (live output). */
export interface Redactor {
  (text: string): string;
  around(before: string, text: string, after: string): string;
}

/**
 * The sync redactor: supplement patterns, aiops.yaml `redact:` patterns and literal secret values
 * (e.g. the token a hook's env allowlist passes through), compiled once. A secret is found whole
 * even when colour codes, other escapes or invisible characters split it, or it wraps onto the
 * next line where its first part alone is no whole secret (then each of its lines is redacted).
 * Key=value and URL-password patterns never join lines: their value ends at the line.
 * Invalid extra patterns are ignored here; loading aiops.yaml reports them.
 */
export function makeRedactor(extra: readonly string[] = [], literals: readonly string[] = []): Redactor {
  const patterns = [...SUPPLEMENT_PATTERNS];
  for (const p of extra) {
    try {
      patterns.push(new RegExp(p, 'g'));
    } catch {
      // reported when aiops.yaml is loaded
    }
  }
  const lits = [...new Set(literals.filter((l) => l.length >= MIN_LITERAL))].sort((a, b) => b.length - a.length);
  if (lits.length) patterns.unshift(new RegExp(lits.map(escapeRegExp).join('|'), 'g'));
  // A private key already spans lines by itself; a lookbehind's value ends where its line does.
  const joinable = patterns.filter((re) => re !== PRIVATE_KEY && !re.source.startsWith('(?<='));
  const mayMatch = makePrefilter(patterns);
  // Most text is printable ASCII (its own flat view) that no pattern may match: two scans tell,
  // where mayMatch and mayMatchFlat take four.
  const mayMatchOrHide = makePrefilter(patterns, NOT_PLAIN_ASCII);
  const mayMatchFlat = (text: string) => {
    const flat = flatView(text);
    return flat !== text && mayMatch(flat);
  };
  const plain = (text: string) => {
    let out = text;
    for (const re of patterns) out = out.replace(re, REDACTED);
    return out;
  };
  const redact = (text: string) => {
    if (!mayMatchOrHide(text)) return text;
    if (!mayMatch(text) && !mayMatchFlat(text)) return text;
    return plain(applyRanges(text, rangesAcross(text, patterns, joinable)));
  };
  const around = (before: string, text: string, after: string) => {
    const whole = before + text + after;
    if (!mayMatch(text) && !mayMatchFlat(whole)) return text;
    const from = before.length;
    const to = from + text.length;
    const mine = rangesAcross(whole, patterns, joinable)
      .filter(([s, e]) => s < to && e > from)
      .map(([s, e]): Range => [Math.max(s, from) - from, Math.min(e, to) - from]);
    return plain(applyRanges(text, mine));
  };
  return Object.assign(redact, { around });
}

/** Values of secret-looking variables in an environment (what a hook must never echo into the log). */
export function secretValuesIn(env: Record<string, string | undefined>): string[] {
  return Object.entries(env)
    .filter(([k, v]) => v !== undefined && !k.startsWith('AIOPS_') && SECRET_ENV_NAME.test(k))
    .map(([, v]) => v!);
}
