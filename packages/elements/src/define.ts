// Registers every subkit tag at once (the loader, loader.ts, registers each when its tag first appears).
// The provider first, so widgets parsed inside it find it on upgrade.
import './define/provider.js';
import './define/plan-picker.js';
import './define/checkout.js';
import './define/billing-history.js';
import './define/subscription-manager.js';
import './define/approvals.js';
import './define/quote.js';
