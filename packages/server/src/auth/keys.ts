import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Mode } from '@subkit/core';

/** Compares a presented credential with the expected one in constant time (hashing first evens out lengths). */
export function safeEqual(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && presented.length === expected.length;
}

/** The mode a key was issued for, read from its prefix (`sk_test_…`, `pk_live_…`). */
export function modeOfKey(key: string): Mode | undefined {
  const match = /^(?:sk|pk)_(test|live)_/.exec(key);
  return match ? (match[1] as Mode) : undefined;
}

/** A fresh random key pair for one mode: the secret key for the merchant's backend, the publishable key for browsers. */
export function generateKeys(mode: Mode = 'test'): { secretKey: string; publishableKey: string } {
  return {
    secretKey: `sk_${mode}_${randomBytes(24).toString('base64url')}`,
    publishableKey: `pk_${mode}_${randomBytes(18).toString('base64url')}`,
  };
}
