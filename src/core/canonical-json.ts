import canonicalize from 'canonicalize';

const SURROGATE = /[\uD800-\uDFFF]/;
/** Characters JSON.stringify would escape (or, for surrogates, the package must judge). */
// eslint-disable-next-line no-control-regex -- control characters are what this matches
const NEEDS_CARE = /[\u0000-\u001f"\\\uD800-\uDFFF]/;
const MAX_FAST_DEPTH = 100;

/** Thrown inside the fast path for anything it does not handle itself; the package then decides. */
const FALLBACK = Symbol('fallback');

function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return true;
    }
  }
  return false;
}

function quote(s: string): string {
  if (!NEEDS_CARE.test(s)) return `"${s}"`;
  if (SURROGATE.test(s) && hasLoneSurrogate(s)) throw FALLBACK;
  return JSON.stringify(s);
}

function fast(value: unknown, depth: number): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      if (!Number.isFinite(value)) throw FALLBACK;
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      throw FALLBACK;
  }
  // Deep nesting may be a cycle, and toJSON changes the value: the package handles both.
  if (depth > MAX_FAST_DEPTH || typeof (value as { toJSON?: unknown }).toJSON === 'function') throw FALLBACK;
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) throw FALLBACK;
      const item: unknown = value[i];
      if (i > 0) out += ',';
      out += item === undefined || typeof item === 'symbol' ? 'null' : fast(item, depth + 1);
    }
    return `${out}]`;
  }
  const obj = value as Record<string, unknown>;
  let out = '{';
  let first = true;
  for (const key of Object.keys(obj).sort()) {
    const item = obj[key];
    if (item === undefined || typeof item === 'symbol') continue;
    out += `${first ? '' : ','}${quote(key)}:${fast(item, depth + 1)}`;
    first = false;
  }
  return `${out}}`;
}

/**
 * RFC 8785 canonical JSON, byte-identical to the `canonicalize` package (which it falls back to
 * for anything unusual: cycles, toJSON, non-finite numbers, lone surrogates, sparse arrays,
 * functions), but without its per-call Set and intermediate arrays on plain data.
 */
export function canonicalJsonText(value: unknown): string | undefined {
  try {
    return fast(value, 0);
  } catch (err) {
    if (err !== FALLBACK) throw err;
    return canonicalize(value);
  }
}

/** The hashed fields of an event (DESIGN §5), in RFC 8785 key order. */
const EVENT_KEYS = ['actor', 'incident_id', 'payload', 'role', 'seq', 'ts', 'type'] as const;
/**
 * A PostgreSQL row adds `login` (the server's session_user) to the hashed fields; a SQLite row
 * has none, and its hash is the seven-field rule unchanged. An absent, undefined or null login is
 * not hashed.
 */
type EventFields = Record<(typeof EVENT_KEYS)[number], unknown> & { login?: unknown };

function hasLogin(f: { login?: unknown }): boolean {
  return f.login !== undefined && f.login !== null;
}

/** The keys the fast path expects: seven, plus `login` when the object carries that key at all. */
function expectedKeyCount(f: { login?: unknown }): number {
  return EVENT_KEYS.length + ('login' in f ? 1 : 0);
}

/**
 * canonicalJsonText for the seven hashed fields of an event, without sorting or re-checking the
 * known keys each time; anything off the common shape goes through the general path.
 */
export function canonicalEventText(fields: EventFields): string | undefined {
  const f = fields;
  if (Object.keys(f).length !== expectedKeyCount(f) || f.payload === undefined || typeof f.payload === 'symbol') return canonicalJsonText(hashedShape(f));
  try {
    const text = canonicalEnvelope(f, fast(f.payload, 1));
    if (text !== undefined) return text;
  } catch (err) {
    if (err !== FALLBACK) throw err;
  }
  return canonicalJsonText(hashedShape(f));
}

/** The object the general path hashes: a null or undefined login is left out, as on a SQLite row. */
function hashedShape(f: EventFields): EventFields {
  if (!('login' in f) || hasLogin(f)) return f;
  const { login: _absent, ...rest } = f;
  return rest as EventFields;
}

/**
 * The canonical text of an event whose payload is already canonical JSON text (as the log
 * stores it): the payload text goes in verbatim, so nothing is re-serialised. undefined when a
 * field is off the common shape (the caller then takes the general path).
 */
export function canonicalEventEnvelope(fields: Omit<EventFields, 'payload'>, payloadText: string): string | undefined {
  try {
    return canonicalEnvelope(fields, payloadText);
  } catch (err) {
    if (err !== FALLBACK) throw err;
    return undefined;
  }
}

function canonicalEnvelope(f: Omit<EventFields, 'payload'>, payloadText: string): string | undefined {
  if (
    typeof f.actor !== 'string' ||
    typeof f.incident_id !== 'string' ||
    (f.role !== null && typeof f.role !== 'string') ||
    typeof f.seq !== 'number' ||
    !Number.isFinite(f.seq) ||
    typeof f.ts !== 'string' ||
    typeof f.type !== 'string' ||
    (hasLogin(f) && typeof f.login !== 'string')
  ) {
    return undefined;
  }
  const login = hasLogin(f) ? `"login":${quote(f.login as string)},` : '';
  return `{"actor":${quote(f.actor)},"incident_id":${quote(f.incident_id)},${login}"payload":${payloadText},"role":${
    f.role === null ? 'null' : quote(f.role)
  },"seq":${JSON.stringify(f.seq)},"ts":${quote(f.ts)},"type":${quote(f.type)}}`;
}
