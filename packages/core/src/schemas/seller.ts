import * as z from 'zod/mini';
import { Address, Name, TaxId } from './common.js';

/** Where a buyer sends a bank transfer: an IBAN (with BIC), or an account number with a routing number. */
export const BankDetails = z.object({
  accountHolder: Name,
  bankName: z.nullable(Name),
  /** Without spaces (checked by `validateIban` where it is configured); print it with `formatIban`. */
  iban: z.nullable(z.string().check(z.minLength(15), z.maxLength(34))),
  bic: z.nullable(z.string().check(z.maxLength(11))),
  accountNumber: z.nullable(z.string().check(z.minLength(4), z.maxLength(34))),
  routingNumber: z.nullable(z.string().check(z.minLength(4), z.maxLength(20))),
});
export type BankDetails = z.infer<typeof BankDetails>;

/**
 * The merchant as an invoice names it (EU VAT directive art. 226): legal name, address, VAT ID, other
 * registrations, contact, and the bank account buyers pay to (the payment reference is the invoice number).
 */
export const SellerProfile = z.object({
  legalName: Name,
  address: Address,
  /** The VAT identification number, e.g. `DE136695976`; null when the seller is not VAT-registered. */
  vatId: z.nullable(z.string().check(z.maxLength(40))),
  /** A national tax number besides the VAT ID (e.g. a German Steuernummer, a US EIN). */
  taxNumber: z.nullable(z.string().check(z.maxLength(40))),
  /** Company registration, e.g. "Amtsgericht Hamburg, HRB 123456". */
  registration: z.nullable(z.string().check(z.maxLength(200))),
  email: z.nullable(z.string().check(z.maxLength(254))),
  phone: z.nullable(z.string().check(z.maxLength(40))),
  website: z.nullable(z.string().check(z.maxLength(200))),
  bank: z.nullable(BankDetails),
});
export type SellerProfile = z.infer<typeof SellerProfile>;

/** The buyer as the invoice names it, as it was when the invoice was issued. */
export const InvoiceParty = z.object({
  name: z.string(),
  address: z.nullable(Address),
  taxId: z.nullable(TaxId),
  email: z.nullable(z.string()),
});
export type InvoiceParty = z.infer<typeof InvoiceParty>;
