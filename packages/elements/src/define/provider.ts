// Registers <subkit-provider> (import this module to use the tag without the loader).
import { SubkitProvider } from '../provider/provider.js';
import { defineOnce } from './define-once.js';

defineOnce('subkit-provider', SubkitProvider);
