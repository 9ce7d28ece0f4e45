// Registers <subkit-approvals> (import this module to use the tag without the loader).
import { SubkitApprovals } from '../approvals/approvals.js';
import { defineOnce } from './define-once.js';

defineOnce('subkit-approvals', SubkitApprovals);
