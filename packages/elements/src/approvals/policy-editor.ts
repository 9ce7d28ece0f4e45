import type { TemplateResult } from 'lit';
import { currencyExponent, type ApprovalThreshold, type PurchasingPolicy, type PurchasingPolicyUpdate, type Role, type SessionInfo } from '@subkit/core';
import { purchasingPolicyStore, type PurchasingPolicyStore, type SubkitError } from '@subkit/client';
import { errorMessage } from '../internal/errors.js';
import { format } from '../locales/locales.js';
import { SubkitErrorEvent } from '../events/common.js';
import { amountText, parseAmount } from './amount-input.js';
import { adminShared, type AdminHost, type AdminSection, type AdminShared } from './admin.js';
import { policyPanel, ROLES } from './policy.templates.js';

/** The form's fields that can be wrong. */
export type PolicyField = 'roles' | 'dueNow' | 'yearly' | 'plans' | 'ttl';

/** The policy as the form holds it: the text typed, the boxes ticked. */
export interface PolicyDraft {
  roles: ReadonlySet<Role>;
  dueNow: string;
  yearly: string;
  plans: ReadonlySet<string>;
  ttl: string;
}

/** The form field a refusal names (`param`, a dot path such as `thresholds.0.annualizedIncrease`), if any. */
function fieldOf(param: string | null): PolicyField | undefined {
  if (!param) return undefined;
  if (param.startsWith('thresholds')) return param.includes('annualizedIncrease') ? 'yearly' : 'dueNow';
  return ({ rolesWithoutApproval: 'roles', allowedPlanIds: 'plans', requestTtlDays: 'ttl' } as Record<string, PolicyField>)[param.split('.')[0]!];
}

/**
 * The purchasing policy as a billing admin edits it: loaded once, held as a draft while they type, checked
 * field by field (amounts exact in the company's currency, empty for no limit), and saved in one request; the
 * server's refusal shows at the field it names. The thresholds of other currencies are kept as they are.
 */
export class PolicySection implements AdminSection {
  draft: PolicyDraft | null = null;
  errors: Partial<Record<PolicyField, string>> = {};
  /** A refusal that names no field, or a failed save. */
  formError = '';
  saving = false;
  /** True from a save until the next edit. */
  saved = false;
  #unsubscribe: (() => void) | null = null;
  #store: PurchasingPolicyStore | null = null;
  readonly #shared: AdminShared;

  constructor(private readonly host: AdminHost & HTMLElement) {
    this.#shared = adminShared(host);
    host.addController({ hostDisconnected: () => this.#stop() });
  }

  get #context() {
    return this.host.sectionContext;
  }

  /** The policy as loaded (or saved), its loading state and error. */
  get remote() {
    return this.#store?.$policy.get() ?? { data: null, error: null, loading: false };
  }

  /** The currency the limits are in: the company's, else that of its first threshold, else the catalog's default. */
  currency(fallback: string): string {
    return this.#context.session()?.company.preferredCurrency ?? this.remote.data?.thresholds[0]?.currency ?? fallback;
  }

  /** Loads the policy (the first time the section opens, or again after an error). */
  open(): void {
    const client = this.#context.client();
    if (!client) return;
    const store = purchasingPolicyStore(client);
    if (store !== this.#store) {
      this.#unsubscribe?.();
      this.#store = store;
      this.draft = null;
      this.#unsubscribe = store.$policy.listen(() => this.host.requestUpdate());
    }
    void store.loadPolicy().then((result) => {
      if (!result.ok) this.#fail(result.error, 'approvals:policy');
    });
  }

  /** Nothing to reload: the policy changes only here (or by the merchant, seen on the next visit). */
  refresh(): void {}

  render(): TemplateResult {
    const catalog = this.#shared.catalog;
    return policyPanel({
      s: this.#shared.strings,
      locale: this.#context.locale(),
      editor: this,
      products: catalog?.products ?? null,
      defaultCurrency: catalog?.defaultCurrency ?? 'USD',
      onRetry: () => this.open(),
    });
  }

  #stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#store = null;
  }

  /** The draft of the loaded policy (made once, kept while the admin edits). */
  draftFor(policy: PurchasingPolicy, currency: string): PolicyDraft {
    if (this.draft) return this.draft;
    const locale = this.#context.locale();
    const threshold = policy.thresholds.find((t) => t.currency === currency);
    this.draft = {
      roles: new Set(policy.rolesWithoutApproval),
      dueNow: amountText(threshold?.amountDueNow ?? null, currency, locale),
      yearly: amountText(threshold?.annualizedIncrease ?? null, currency, locale),
      plans: new Set(policy.allowedPlanIds ?? []),
      ttl: String(policy.requestTtlDays),
    };
    return this.draft;
  }

  /** Changes the draft; the fields touched lose their error, and "Saved" goes. */
  edit(change: Partial<PolicyDraft>, field: PolicyField): void {
    if (!this.draft) return;
    this.draft = { ...this.draft, ...change };
    const { [field]: _gone, ...errors } = this.errors;
    this.errors = errors;
    this.formError = '';
    this.saved = false;
    this.host.requestUpdate();
  }

  /** Ticks or unticks `value` in a set of the draft (the roles or the plans). */
  toggle(key: 'roles' | 'plans', value: string, on: boolean): void {
    if (!this.draft) return;
    const next = new Set<string>(this.draft[key]);
    if (on) next.add(value);
    else next.delete(value);
    this.edit({ [key]: next }, key);
  }

  /** The update the draft asks for, or the fields that are wrong. */
  #update(policy: PurchasingPolicy, draft: PolicyDraft, currency: string): PurchasingPolicyUpdate | null {
    const s = this.#shared.strings;
    const locale = this.#context.locale();
    const errors: Partial<Record<PolicyField, string>> = {};
    const example = amountText(500 * 10 ** currencyExponent(currency), currency, locale);
    const dueNow = parseAmount(draft.dueNow, currency, locale);
    const yearly = parseAmount(draft.yearly, currency, locale);
    if (dueNow === undefined) errors.dueNow = format(s.errorAmount, { example });
    if (yearly === undefined) errors.yearly = format(s.errorAmount, { example });
    const ttl = Number(draft.ttl.trim());
    if (!/^\d+$/.test(draft.ttl.trim()) || ttl < 1 || ttl > 90) errors.ttl = s.errorDays;
    this.errors = errors;
    if (Object.keys(errors).length > 0) return null;
    const others = policy.thresholds.filter((t) => t.currency !== currency);
    // Both limits empty: no threshold in this currency, so every purchase that costs more asks (the API's rule).
    const mine: ApprovalThreshold[] = dueNow === null && yearly === null ? [] : [{ currency, amountDueNow: dueNow ?? null, annualizedIncrease: yearly ?? null }];
    return {
      rolesWithoutApproval: ROLES.filter((role) => role === 'billing_admin' || draft.roles.has(role)),
      thresholds: [...others, ...mine],
      allowedPlanIds: draft.plans.size ? [...draft.plans] : null,
      requestTtlDays: ttl,
    };
  }

  /** Checks and saves the draft; focus goes to the first wrong field, or "Saved" is announced. */
  async save(currency: string): Promise<void> {
    const policy = this.remote.data;
    const draft = this.draft;
    const client = this.#context.client();
    if (!policy || !draft || !client || this.saving) return;
    const s = this.#shared.strings;
    const update = this.#update(policy, draft, currency);
    this.saved = false;
    if (!update) {
      this.formError = s.fixErrors;
      this.host.requestUpdate();
      await this.#focusFirstError();
      return;
    }
    this.saving = true;
    this.formError = '';
    this.host.requestUpdate();
    const result = await purchasingPolicyStore(client).savePolicy(update);
    this.saving = false;
    if (!result.ok) {
      const field = result.error.status === 400 || result.error.type === 'validation_error' ? fieldOf(result.error.param) : undefined;
      const message = field === 'plans' ? s.errorPlans : errorMessage(result.error, s);
      if (field) this.errors = { ...this.errors, [field]: message };
      else this.formError = `${s.saveError} ${message}`;
      this.host.requestUpdate();
      this.#fail(result.error, 'approvals:policy-save');
      if (field) await this.#focusFirstError();
      return;
    }
    this.draft = null;
    this.saved = true;
    this.host.requestUpdate();
    this.#context.announce(s.saved);
    this.#context.changed();
  }

  async #focusFirstError(): Promise<void> {
    await this.host.updateComplete;
    this.host.shadowRoot?.querySelector<HTMLElement>('[data-policy-form] [aria-invalid="true"]')?.focus();
  }

  #fail(error: SubkitError, source: string): void {
    this.host.dispatchEvent(new SubkitErrorEvent({ error, source }));
  }
}
