// Registers <subkit-subscription-manager> (import this module to use the tag without the loader).
import { SubkitSubscriptionManager } from '../subscription-manager/subscription-manager.js';
import { defineOnce } from './define-once.js';

defineOnce('subkit-subscription-manager', SubkitSubscriptionManager);
