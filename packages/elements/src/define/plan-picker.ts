// Registers <subkit-plan-picker> (import this module to use the tag without the loader).
import { SubkitPlanPicker } from '../plan-picker/plan-picker.js';
import { defineOnce } from './define-once.js';

defineOnce('subkit-plan-picker', SubkitPlanPicker);
