// Registers <subkit-revenue-dashboard> (import this module to use the tag without the loader).
import { SubkitRevenueDashboard } from '../revenue-dashboard/revenue-dashboard.js';
import { defineOnce } from './define-once.js';

defineOnce('subkit-revenue-dashboard', SubkitRevenueDashboard);
