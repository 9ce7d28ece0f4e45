import type { Handlers } from '../types.js';
import { getCatalog } from './catalog.js';
import { getCatalogTexts, writeCatalogTexts } from './catalog-texts.js';
import { addCompanyMember, getCompany, listCompanies, upsertCompany } from './companies.js';
import { createContractPrice } from './contract-prices.js';
import { addMember, listMembers, removeMember, updateMember } from './members.js';
import { createMerchantSession, createSession, getSession, revokeMerchantSession, revokeSession } from './sessions.js';
import { testClockHandlers } from './test-clock.js';

/** The platform's handlers: sessions, members, companies, catalog and contract prices. */
export const platformHandlers = {
  getCatalog,
  getSession,
  createSession,
  revokeSession,
  createMerchantSession,
  revokeMerchantSession,
  listMembers,
  addMember,
  updateMember,
  removeMember,
  listCompanies,
  upsertCompany,
  getCompany,
  addCompanyMember,
  createContractPrice,
  getCatalogTexts,
  writeCatalogTexts,
  ...testClockHandlers,
} satisfies Partial<Handlers>;
