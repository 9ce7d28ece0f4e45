/**
 * The seller identity and tax settings from the environment, checked before the server starts: an invoice
 * that accounts payable cannot pay (a wrong IBAN) or that EU law does not accept (no VAT ID) is a
 * configuration error, not something to find on a customer's desk.
 */
import { SellerProfile, SUBKIT_LOCALES, validateAbaRouting, validateBic, validateIban, validateTaxId } from '@subkit/core';
import type { OutsideEuPolicy, SubkitLocale } from '@subkit/core';
import { ConfigError } from '../config.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The seller settings of a deployment. */
export interface SellerSettings {
  /** Null when no SUBKIT_SELLER_* variable is set (invoices then name the merchant only, and no VAT rules apply). */
  readonly seller: SellerProfile | null;
  readonly taxOutsideEu: OutsideEuPolicy;
  /** The merchant's language: what invoices fall back to when the buyer's cannot be printed. */
  readonly defaultLocale: SubkitLocale;
}

const value = (env: Env, name: string): string | null => {
  const v = env[name]?.trim();
  return v ? v : null;
};

function required(env: Env, name: string, why: string): string {
  const v = value(env, name);
  if (v === null) throw new ConfigError(`${name} is not set (${why}).`);
  return v;
}

function checked<T extends { ok: true; normalized: string } | { ok: false; message: string }>(name: string, result: T): string {
  if (!result.ok) throw new ConfigError(`${name}: ${result.message}`);
  return result.normalized;
}

/**
 * Reads SUBKIT_SELLER_LEGAL_NAME, _STREET, _STREET2, _POSTAL_CODE, _CITY, _STATE, _COUNTRY, _VAT_ID, _TAX_NUMBER,
 * _REGISTRATION, _EMAIL, _PHONE, _WEBSITE, _BANK_ACCOUNT_HOLDER, _BANK_NAME, _IBAN, _BIC, _ACCOUNT_NUMBER,
 * _ROUTING_NUMBER, plus SUBKIT_TAX_OUTSIDE_EU (not_subject | local_rates) and SUBKIT_DEFAULT_LOCALE.
 */
export function sellerSettingsFromEnv(env: Env): SellerSettings {
  const taxOutsideEu = value(env, 'SUBKIT_TAX_OUTSIDE_EU') ?? 'not_subject';
  if (taxOutsideEu !== 'not_subject' && taxOutsideEu !== 'local_rates') {
    throw new ConfigError(`SUBKIT_TAX_OUTSIDE_EU must be "not_subject" or "local_rates", got "${taxOutsideEu}".`);
  }
  const locale = value(env, 'SUBKIT_DEFAULT_LOCALE') ?? 'en';
  const defaultLocale = SUBKIT_LOCALES.find((l) => l.toLowerCase() === locale.toLowerCase());
  if (!defaultLocale) throw new ConfigError(`SUBKIT_DEFAULT_LOCALE must be one of ${SUBKIT_LOCALES.join(', ')}, got "${locale}".`);

  const any = Object.keys(env).some((k) => k.startsWith('SUBKIT_SELLER_') && value(env, k) !== null);
  if (!any) return { seller: null, taxOutsideEu, defaultLocale };

  const why = 'invoices must name the seller with its address';
  const country = required(env, 'SUBKIT_SELLER_COUNTRY', why).toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw new ConfigError(`SUBKIT_SELLER_COUNTRY must be an ISO 3166-1 code such as DE, got "${country}".`);
  const vatIdRaw = value(env, 'SUBKIT_SELLER_VAT_ID');
  let vatId: string | null = null;
  if (vatIdRaw !== null) {
    const prefix = /^[A-Za-z]{2}/.test(vatIdRaw) ? vatIdRaw.slice(0, 2).toUpperCase() : country;
    const result = validateTaxId(prefix, vatIdRaw);
    vatId = checked('SUBKIT_SELLER_VAT_ID', result.ok || result.code !== 'unsupported_country' ? result : { ok: true as const, normalized: vatIdRaw });
  }

  const iban = value(env, 'SUBKIT_SELLER_IBAN');
  const bic = value(env, 'SUBKIT_SELLER_BIC');
  const accountNumber = value(env, 'SUBKIT_SELLER_ACCOUNT_NUMBER');
  const routingNumber = value(env, 'SUBKIT_SELLER_ROUTING_NUMBER');
  if ((accountNumber === null) !== (routingNumber === null)) {
    throw new ConfigError('SUBKIT_SELLER_ACCOUNT_NUMBER and SUBKIT_SELLER_ROUTING_NUMBER go together (a domestic account needs both).');
  }
  if (bic !== null && iban === null && accountNumber === null) throw new ConfigError('SUBKIT_SELLER_BIC is set without SUBKIT_SELLER_IBAN or an account number.');
  const hasBank = iban !== null || accountNumber !== null;
  const legalName = required(env, 'SUBKIT_SELLER_LEGAL_NAME', why);
  const email = value(env, 'SUBKIT_SELLER_EMAIL');
  if (email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new ConfigError(`SUBKIT_SELLER_EMAIL is not an e-mail address: "${email}".`);

  const candidate = {
    legalName,
    address: {
      line1: required(env, 'SUBKIT_SELLER_STREET', why),
      ...(value(env, 'SUBKIT_SELLER_STREET2') ? { line2: value(env, 'SUBKIT_SELLER_STREET2') } : {}),
      postalCode: required(env, 'SUBKIT_SELLER_POSTAL_CODE', why),
      city: required(env, 'SUBKIT_SELLER_CITY', why),
      ...(value(env, 'SUBKIT_SELLER_STATE') ? { state: value(env, 'SUBKIT_SELLER_STATE') } : {}),
      country,
    },
    vatId,
    taxNumber: value(env, 'SUBKIT_SELLER_TAX_NUMBER'),
    registration: value(env, 'SUBKIT_SELLER_REGISTRATION'),
    email,
    phone: value(env, 'SUBKIT_SELLER_PHONE'),
    website: value(env, 'SUBKIT_SELLER_WEBSITE'),
    bank: hasBank
      ? {
          accountHolder: value(env, 'SUBKIT_SELLER_BANK_ACCOUNT_HOLDER') ?? legalName,
          bankName: value(env, 'SUBKIT_SELLER_BANK_NAME'),
          iban: iban === null ? null : checked('SUBKIT_SELLER_IBAN', validateIban(iban)),
          bic: bic === null ? null : checked('SUBKIT_SELLER_BIC', validateBic(bic)),
          accountNumber: accountNumber?.replace(/\s/g, '') ?? null,
          routingNumber:
            routingNumber === null ? null : country === 'US' ? checked('SUBKIT_SELLER_ROUTING_NUMBER', validateAbaRouting(routingNumber)) : routingNumber.replace(/\s/g, ''),
        }
      : null,
  };
  const parsed = SellerProfile.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`The seller settings are not valid: ${issue?.path.join('.')} ${issue?.message}.`);
  }
  return { seller: parsed.data, taxOutsideEu, defaultLocale };
}
