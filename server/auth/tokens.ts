import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new random secret for a cookie or link (32 bytes, base64url) and the SHA-256 hash we store instead. */
export function newSecretToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashSecretToken(token) };
}

/** The stored form of a secret token: a database leak must not hand out live sessions or links. */
export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Compares two secrets in constant time. */
export function secretsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
