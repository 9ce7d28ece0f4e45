// Registers <subkit-billing-history> (import this module to use the tag without the loader).
import { SubkitBillingHistory } from '../billing-history/billing-history.js';
import { defineOnce } from './define-once.js';

defineOnce('subkit-billing-history', SubkitBillingHistory);
