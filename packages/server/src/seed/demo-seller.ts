/**
 * The demo merchant as its invoices name it, as environment variables (the reference server uses them when no
 * SUBKIT_SELLER_* variable is set): a German GmbH, so Acme in Hamburg pays German VAT, a business in another
 * EU state gets the reverse charge, and Globex in the US is not subject to VAT.
 */
export const DEMO_SELLER_ENV: Readonly<Record<string, string>> = {
  SUBKIT_SELLER_LEGAL_NAME: 'Northwind Industrial Supply GmbH',
  SUBKIT_SELLER_STREET: 'Leopoldstraße 180',
  SUBKIT_SELLER_POSTAL_CODE: '80804',
  SUBKIT_SELLER_CITY: 'München',
  SUBKIT_SELLER_COUNTRY: 'DE',
  SUBKIT_SELLER_VAT_ID: 'DE136695976',
  SUBKIT_SELLER_TAX_NUMBER: '143/240/51877',
  SUBKIT_SELLER_REGISTRATION: 'Amtsgericht München, HRB 218765',
  SUBKIT_SELLER_EMAIL: 'billing@northwind-industrial.example',
  SUBKIT_SELLER_PHONE: '+49 89 5502 3300',
  SUBKIT_SELLER_WEBSITE: 'northwind-industrial.example',
  SUBKIT_SELLER_BANK_NAME: 'Commerzbank München',
  SUBKIT_SELLER_IBAN: 'DE89 3704 0044 0532 0130 00',
  SUBKIT_SELLER_BIC: 'COBADEFFXXX',
  SUBKIT_TAX_OUTSIDE_EU: 'not_subject',
};
