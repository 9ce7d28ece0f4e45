// Registers <subkit-quote> (import this module to use the tag without the loader).
import { SubkitQuote } from '../quote/quote.js';
import { defineOnce } from './define-once.js';

defineOnce('subkit-quote', SubkitQuote);
