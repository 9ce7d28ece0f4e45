import type { Address, Company, Member, Role, TaxId } from '@subkit/core';

/** A `companies` row. */
export interface CompanyRow {
  id: string;
  name: string;
  billing_email: string | null;
  tax_id: TaxId | null;
  billing_address: Address | null;
  payment_terms_days: number;
  invoice_allowed: boolean;
  preferred_currency: string | null;
  /** Calendar billing day, or null for anniversary billing. */
  billing_day: number | null;
  created_at: Date;
}

/** A `members` row. */
export interface MemberRow {
  id: string;
  company_id: string;
  customer_id: string;
  email: string;
  name: string;
  role: Role;
  created_at: Date;
  removed_at: Date | null;
}

/** A company as the API renders it. */
export function companyToWire(row: CompanyRow): Company {
  return {
    id: row.id,
    object: 'company',
    name: row.name,
    billingEmail: row.billing_email,
    taxId: row.tax_id,
    billingAddress: row.billing_address,
    paymentTermsDays: row.payment_terms_days,
    invoiceAllowed: row.invoice_allowed,
    preferredCurrency: row.preferred_currency,
    billingDay: row.billing_day,
    createdAt: row.created_at.toISOString(),
  };
}

/** A member as the API renders it. */
export function memberToWire(row: MemberRow): Member {
  return {
    id: row.id,
    object: 'member',
    companyId: row.company_id,
    customerId: row.customer_id,
    email: row.email,
    name: row.name,
    role: row.role,
    createdAt: row.created_at.toISOString(),
  };
}
