/**
 * Offline format checks of company tax ids (no registry lookup). Check digits are verified where the
 * algorithm is public and simple; other countries are checked for shape only.
 */

/** The outcome of `validateTaxId`: a normalized id and its kind, or an error value (never thrown). */
export type TaxIdResult =
  | { ok: true; normalized: string; kind: string }
  | { ok: false; type: 'tax_id_error'; code: 'unsupported_country'; message: string }
  /** `example` is a valid id of the country, normalized (e.g. `12-3456789`), for a widget to show in the buyer's language. */
  | { ok: false; type: 'tax_id_error'; code: 'invalid_format'; message: string; example: string };

type Rule = {
  kind: string;
  /** Turns the cleaned value into the normalized form, or `null` when it does not match. */
  normalize: (cleaned: string) => string | null;
  /** A valid id of the country in its normalized form. */
  example: string;
};

/**
 * `pattern` made to match a whole value, never a part of it: every rule goes through here, so no country's
 * pattern can forget an anchor and accept an id with a character too many.
 */
function whole(pattern: RegExp): RegExp {
  return new RegExp(`^(?:${pattern.source})$`);
}

const digitsOf = (s: string): number[] => [...s].map(Number);

/** Weighted digit sum. */
function weighted(digits: readonly number[], weights: readonly number[]): number {
  return digits.reduce((sum, d, i) => sum + d * (weights[i] ?? 0), 0);
}

/** The digit sum of twice a digit, as Luhn adds it. */
const LUHN_DOUBLED: readonly number[] = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9];

/**
 * Luhn check of an odd number of digits (IT: 11, CA: 9): the last one is the check digit, and counting from
 * it every second digit is doubled — with an even count before it, those are the ones at odd indexes.
 */
function luhn(value: string): boolean {
  const digits = digitsOf(value);
  const check = digits.pop();
  const sum = digits.reduce((total, d, i) => total + (i % 2 === 1 ? (LUHN_DOUBLED[d] ?? 0) : d), 0);
  return (10 - (sum % 10)) % 10 === check;
}

/** Mod-11 check (NO, CH): the last digit is (11 − Σ digit × weight mod 11) mod 11, so 11 becomes 0 and 10 matches no digit. */
function mod11(value: string, weights: readonly number[]): boolean {
  const digits = digitsOf(value);
  const check = digits.pop();
  return (11 - (weighted(digits, weights) % 11)) % 11 === check;
}

function euVat(prefix: string, national: RegExp, example: string, check?: (n: string) => boolean): Rule {
  const pattern = whole(national);
  // Greece's VAT prefix is EL, but people also write its ISO code GR.
  const prefixes = prefix === 'EL' ? ['EL', 'GR'] : [prefix];
  return {
    kind: 'eu_vat',
    example,
    normalize(cleaned) {
      const written = prefixes.find((p) => cleaned.startsWith(p));
      const n = written === undefined ? cleaned : cleaned.slice(written.length);
      if (!pattern.test(n)) return null;
      if (check && !check(n)) return null;
      return prefix + n;
    },
  };
}

function simple(kind: string, pattern: RegExp, example: string, format: (m: RegExpExecArray) => string | null = (m) => m[0]): Rule {
  const full = whole(pattern);
  return {
    kind,
    example,
    normalize(cleaned) {
      const m = full.exec(cleaned);
      return m ? format(m) : null;
    },
  };
}

const EU: Record<string, Rule> = {
  AT: euVat('AT', /U\d{8}/, 'ATU13585627'),
  // Belgium: 10 digits; the last two are 97 − (first eight mod 97).
  BE: euVat('BE', /[01]\d{9}/, 'BE0417497106', (n) => 97 - (Number(n.slice(0, 8)) % 97) === Number(n.slice(8))),
  BG: euVat('BG', /\d{9,10}/, 'BG175074752'),
  CY: euVat('CY', /\d{8}[A-Z]/, 'CY10259033P'),
  CZ: euVat('CZ', /\d{8,10}/, 'CZ00177041'),
  DE: euVat('DE', /\d{9}/, 'DE136695976'),
  DK: euVat('DK', /\d{8}/, 'DK13585628'),
  EE: euVat('EE', /\d{9}/, 'EE100931558'),
  EL: euVat('EL', /\d{9}/, 'EL094014201'),
  // Spain: 9 characters, the first and the last may be letters, but not both may be digits (VIES).
  ES: euVat('ES', /(?!\d{9})[0-9A-Z]\d{7}[0-9A-Z]/, 'ESA28015865'),
  FI: euVat('FI', /\d{8}/, 'FI20774740'),
  // France: 2-char key + 9-digit SIREN; a numeric key must equal (12 + 3 × (SIREN mod 97)) mod 97.
  FR: euVat('FR', /[0-9A-HJ-NP-Z]{2}\d{9}/, 'FR40303265045', (n) => {
    const key = n.slice(0, 2);
    return /\D/.test(key) || (12 + 3 * (Number(n.slice(2)) % 97)) % 97 === Number(key);
  }),
  HR: euVat('HR', /\d{11}/, 'HR33392005961'),
  HU: euVat('HU', /\d{8}/, 'HU12892312'),
  IE: euVat('IE', /\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W]/, 'IE6388047V'),
  // Italy: 11 digits, Luhn over all of them.
  IT: euVat('IT', /\d{11}/, 'IT00743110157', luhn),
  LT: euVat('LT', /\d{9}|\d{12}/, 'LT119511515'),
  LU: euVat('LU', /\d{8}/, 'LU15027442'),
  LV: euVat('LV', /\d{11}/, 'LV40003009497'),
  MT: euVat('MT', /\d{8}/, 'MT15121333'),
  NL: euVat('NL', /\d{9}B\d{2}/, 'NL004495445B01'),
  // Poland: 10 digits, weights 6 5 7 2 3 4 5 6 7, sum mod 11 is the last digit.
  PL: euVat('PL', /\d{10}/, 'PL5260250995', (n) => weighted(digitsOf(n), [6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11 === Number(n[9])),
  PT: euVat('PT', /\d{9}/, 'PT501964843'),
  RO: euVat('RO', /[1-9]\d{1,9}/, 'RO18547290'),
  SE: euVat('SE', /\d{10}01/, 'SE556188840401'),
  SI: euVat('SI', /\d{8}/, 'SI50223054'),
  SK: euVat('SK', /\d{10}/, 'SK2022749619'),
};

const RULES: Record<string, Rule> = {
  ...EU,
  GR: EU.EL as Rule,
  GB: simple('gb_vat', /(?:GB)?(\d{9}|\d{12}|GD[0-4]\d{2}|HA[5-9]\d{2})/, 'GB123456789', (m) => `GB${m[1]}`),
  // Swiss UID: CHE + 8 digits, mod 11 with weights 5 4 3 2 7 6 5 4; optional MWST/TVA/IVA (VAT) suffix.
  // (`m[1]!`: a group that is not optional always matched.)
  CH: simple('ch_uid', /CHE(\d{9})(MWST|TVA|IVA)?/, 'CHE-123.456.788', (m) => {
    const n = m[1]!;
    if (!mod11(n, [5, 4, 3, 2, 7, 6, 5, 4])) return null;
    return `CHE-${n.slice(0, 3)}.${n.slice(3, 6)}.${n.slice(6)}${m[2] ? ` ${m[2]}` : ''}`;
  }),
  // Norway: 9-digit organisation number (mod 11, weights 3 2 7 6 5 4 3 2) + MVA when VAT-registered.
  NO: simple('no_vat', /(?:NO)?(\d{9})(?:MVA)?/, '974760673MVA', (m) => (mod11(m[1]!, [3, 2, 7, 6, 5, 4, 3, 2]) ? `${m[1]}MVA` : null)),
  US: simple('us_ein', /(\d{2})(\d{7})/, '12-3456789', (m) => (m[1] === '00' ? null : `${m[1]}-${m[2]}`)),
  // Canada: 9-digit business number (Luhn), optionally with a program account such as RT0001.
  CA: simple('ca_bn', /(\d{9})((?:RT|RC|RM|RP|RR|RZ)\d{4})?/, '123456782RT0001', (m) => (luhn(m[1]!) ? m[0] : null)),
  // Australia: ABN, 11 digits; subtract 1 from the first digit, weights 10 1 3 5 … 19, sum divisible by 89.
  AU: simple('au_abn', /\d{11}/, '51824753556', (m) => {
    const d = digitsOf(m[0]);
    d[0] = (d[0] ?? 0) - 1;
    return weighted(d, [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19]) % 89 === 0 ? m[0] : null;
  }),
  IN: simple('in_gst', /\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]/, '27AAPFU0939F1ZV'),
  TR: simple('tr_tin', /\d{10}/, '1234567890'),
  CN: simple('cn_tin', /[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}/, '91110000802100433B'),
  AE: simple('ae_trn', /\d{15}/, '100123456700003'),
  SA: simple('sa_vat', /3\d{13}3/, '310123456700003'),
  // Japan: 13-digit corporate number; leading check digit = 9 − (Σ digit × (1|2 alternating from the right) mod 9).
  // A qualified-invoice registration number is "T" + the corporate number.
  JP: simple('jp_cn', /(T)?(\d{13})/, '7000012050002', (m) => {
    const n = m[2]!;
    const body = digitsOf(n.slice(1)).reverse();
    const sum = body.reduce((s, d, i) => s + d * (i % 2 === 0 ? 1 : 2), 0);
    return 9 - (sum % 9) === Number(n[0]) ? `${m[1] ?? ''}${n}` : null;
  }),
};

/** Upper-cases and removes spaces, dots, dashes, slashes and commas. */
function clean(value: string): string {
  return value.toUpperCase().replace(/[\s.\-/,]/g, '');
}

/** A full example of a valid tax id of a country (`DE136695976`, `12-3456789`), or null when it has no rule. */
export function taxIdExample(country: string): string | null {
  return RULES[country.trim().toUpperCase()]?.example ?? null;
}

/**
 * Checks a company tax id's format for a country (ISO 3166-1 alpha-2; `EL` is accepted for Greece) and
 * normalizes it (e.g. `de 123 456 789` → `DE123456789`, `12 3456789` → `12-3456789`).
 */
export function validateTaxId(country: string, value: string): TaxIdResult {
  const code = country.trim().toUpperCase();
  const rule = RULES[code];
  if (!rule) {
    return { ok: false, type: 'tax_id_error', code: 'unsupported_country', message: `No tax id rule for country "${country}".` };
  }
  const normalized = rule.normalize(clean(value));
  if (normalized === null) {
    return {
      ok: false,
      type: 'tax_id_error',
      code: 'invalid_format',
      message: `"${value}" is not a valid ${rule.kind} for ${code} (expected e.g. ${rule.example}).`,
      example: rule.example,
    };
  }
  return { ok: true, normalized, kind: rule.kind };
}
