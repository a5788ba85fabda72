/** Built-in patterns for secret-looking strings; aiops.yaml `redact:` adds more. */
export const BUILTIN_SECRET_PATTERNS: RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{16,}/g,
  /\bAKIA[0-9A-Z]{16}\b/g,
  /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
  /\bAIza[0-9A-Za-z_-]{35}\b/g,
  /\b(?:Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
  /(?<=[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+(?=@)/gi,
  /(?<=\b(?:password|passwd|secret|token|api[_-]?key|access[_-]?key)\s*[=:]\s*["']?)[^\s"'&]{4,}/gi,
];

export const REDACTED = '[REDACTED]';

/** Replaces every secret-looking substring; invalid extra patterns are ignored (config validation reports them). */
export function redactSecrets(text: string, extra: string[] = []): string {
  let out = text;
  for (const re of BUILTIN_SECRET_PATTERNS) out = out.replace(re, REDACTED);
  for (const p of extra) {
    try {
      out = out.replace(new RegExp(p, 'g'), REDACTED);
    } catch {
      // reported when aiops.yaml is loaded
    }
  }
  return out;
}
