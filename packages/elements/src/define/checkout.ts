// Registers <subkit-checkout> (import this module to use the tag without the loader).
import { SubkitCheckout } from '../checkout/checkout.js';
import { defineOnce } from './define-once.js';

defineOnce('subkit-checkout', SubkitCheckout);
