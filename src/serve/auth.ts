import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Equal in constant time for equal-length digests; the inputs are hashed first so their lengths leak nothing. */
function sameSecret(a: string, b: string): boolean {
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db);
}

/** `Authorization: Bearer TOKEN` carries the serve token. */
export function bearerOk(header: string | undefined, token: string | undefined): boolean {
  if (!token || !header) return false;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m !== null && sameSecret(m[1]!, token);
}

/**
 * PagerDuty's `X-PagerDuty-Signature: v1=HEX[,v1=HEX…]`: HMAC-SHA256 of the raw body with the
 * webhook subscription's secret (several signatures while a secret is rotated).
 */
export function pagerDutySignatureOk(header: string | undefined, secret: string | undefined, body: Buffer): boolean {
  if (!secret || !header) return false;
  const want = createHmac('sha256', secret).update(body).digest();
  let ok = false;
  for (const part of header.split(',')) {
    const m = /^\s*v1=([0-9a-fA-F]{64})\s*$/.exec(part);
    if (m && timingSafeEqual(Buffer.from(m[1]!, 'hex'), want)) ok = true;
  }
  return ok;
}
