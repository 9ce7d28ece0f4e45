/**
 * Bank-transfer details a buyer pays an invoice to: IBAN (ISO 13616, mod-97 check) and BIC (ISO 9362),
 * or a domestic account number with a routing number (e.g. a US ABA routing number, checksum verified).
 */

/** IBAN lengths per country (the SWIFT IBAN registry); a country not listed has no IBAN. */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, CH: 21, CR: 22, CY: 28, CZ: 24,
  DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27,
  GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LI: 21, LT: 20,
  LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24, PL: 28, PS: 29,
  PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SE: 24, SI: 19, SK: 24, SM: 27, TN: 24, TR: 26, UA: 29, VG: 24, XK: 20,
};

/** The outcome of a bank-detail check: the normalized value, or an error value with a message (never thrown). */
export type BankCheck = { ok: true; normalized: string } | { ok: false; type: 'bank_detail_error'; message: string };

/** An IBAN without spaces, upper case, when its country, length and mod-97 check digits are right. */
export function validateIban(value: string): BankCheck {
  const iban = value.replace(/[\s-]/g, '').toUpperCase();
  const length = IBAN_LENGTHS[iban.slice(0, 2)];
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban) || length === undefined || iban.length !== length) {
    return { ok: false, type: 'bank_detail_error', message: `"${value}" is not an IBAN (expected e.g. DE89 3704 0044 0532 0130 00).` };
  }
  // Move the first four characters to the end, letters to numbers (A = 10 … Z = 35), then mod 97 must be 1.
  const digits = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  if (rest !== 1) return { ok: false, type: 'bank_detail_error', message: `The IBAN "${value}" has wrong check digits.` };
  return { ok: true, normalized: iban };
}

/** An IBAN in groups of four, as printed on invoices: `DE89 3704 0044 0532 0130 00`. */
export function formatIban(iban: string): string {
  return iban.replace(/\s/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}

/** A BIC (SWIFT code): 4 letters bank, 2 letters country, 2 location characters, optional 3 branch characters. */
export function validateBic(value: string): BankCheck {
  const bic = value.replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic)) {
    return { ok: false, type: 'bank_detail_error', message: `"${value}" is not a BIC (expected e.g. COBADEFFXXX).` };
  }
  return { ok: true, normalized: bic };
}

/** A US ABA routing number: nine digits, weights 3 7 1 repeated, sum divisible by 10. */
export function validateAbaRouting(value: string): BankCheck {
  const n = value.replace(/[\s-]/g, '');
  const weights = [3, 7, 1, 3, 7, 1, 3, 7, 1];
  if (!/^\d{9}$/.test(n) || [...n].reduce((sum, d, i) => sum + Number(d) * (weights[i] ?? 0), 0) % 10 !== 0) {
    return { ok: false, type: 'bank_detail_error', message: `"${value}" is not an ABA routing number (nine digits, e.g. 026009593).` };
  }
  return { ok: true, normalized: n };
}
