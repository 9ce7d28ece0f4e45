import { html, nothing, type TemplateResult } from 'lit';
import type { Plan, Product, PurchasingPolicy, Role } from '@subkit/core';
import type { Remote } from '@subkit/client';
import { date } from '../internal/format.js';
import { format } from '../locales/locales.js';
import type { ApprovalsStrings } from '../locales/approvals.js';
import type { ApprovalsAdminStrings } from '../locales/approvals-admin.js';
import { field } from '../templates/fields.js';
import { errorState, loadingState, skeleton } from '../templates/states.js';
import type { PolicyDraft, PolicySection } from './policy-editor.js';

/** The roles a policy names, in the order the form lists them. */
export const ROLES: readonly Role[] = ['viewer', 'purchaser', 'billing_admin'];

/** What the policy section's template needs. */
export interface PolicyContext {
  s: ApprovalsStrings & ApprovalsAdminStrings;
  locale: string;
  editor: PolicySection;
  /** The catalog's products with their plans (null while it loads). */
  products: readonly Product[] | null;
  /** The catalog's default currency, for a company that names none. */
  defaultCurrency: string;
  onRetry(): void;
}

const table = (s: object) => s as Record<string, string>;

function checkbox(o: { name: string; value: string; label: string; checked: boolean; disabled?: boolean; describedBy?: string; onChange: (on: boolean) => void }): TemplateResult {
  return html`<label part="check">
    <input
      part="checkbox"
      type="checkbox"
      name=${o.name}
      .value=${o.value}
      .checked=${o.checked}
      ?disabled=${o.disabled ?? false}
      aria-describedby=${o.describedBy ?? nothing}
      @change=${(e: Event) => o.onChange((e.target as HTMLInputElement).checked)}
    />
    <span>${o.label}</span>
  </label>`;
}

const error = (id: string, text: string | undefined) => html`<span part="field-error" id=${id}>${text ?? ''}</span>`;

function roles(c: PolicyContext, draft: PolicyDraft): TemplateResult {
  const { s, editor } = c;
  return html`<fieldset part="fieldset roles" aria-describedby="policy-roles-hint policy-roles-error">
    <legend part="legend">${s.rolesLegend}</legend>
    <div part="checks">
      ${ROLES.map((role) =>
        checkbox({
          name: 'rolesWithoutApproval',
          value: role,
          label: table(s)[`role_${role}`]!,
          // Billing admins decide the requests: they always buy alone (the API refuses otherwise).
          checked: role === 'billing_admin' || draft.roles.has(role),
          disabled: role === 'billing_admin',
          onChange: (on) => editor.toggle('roles', role, on),
        }),
      )}
    </div>
    <span part="hint" id="policy-roles-hint">${s.rolesHint}</span>
    ${error('policy-roles-error', editor.errors.roles)}
  </fieldset>`;
}

function limits(c: PolicyContext, draft: PolicyDraft, currency: string): TemplateResult {
  const { s, editor } = c;
  const amount = (id: string, key: 'dueNow' | 'yearly', label: string) =>
    field({
      id,
      label,
      value: draft[key],
      error: editor.errors[key],
      hint: s.limitHint,
      inputmode: 'decimal',
      ltr: true,
      onInput: (e) => editor.edit({ [key]: (e.target as HTMLInputElement).value }, key),
    });
  return html`<fieldset part="fieldset limits">
    <legend part="legend">${format(s.limitsLegend, { currency })}</legend>
    ${amount('policy-due-now', 'dueNow', s.limitDueNow)} ${amount('policy-yearly', 'yearly', s.limitYearly)}
    ${draft.dueNow.trim() === '' && draft.yearly.trim() === '' ? html`<p part="hint limits-none">${s.limitsNone}</p>` : nothing}
  </fieldset>`;
}

function plans(c: PolicyContext, draft: PolicyDraft): TemplateResult {
  const { s, editor, products } = c;
  const box = (plan: Plan) =>
    checkbox({
      name: 'allowedPlanIds',
      value: plan.id,
      label: plan.name,
      checked: draft.plans.has(plan.id),
      onChange: (on) => editor.toggle('plans', plan.id, on),
    });
  return html`<fieldset part="fieldset plans" aria-describedby="policy-plans-hint policy-plans-error">
    <legend part="legend">${s.plansLegend}</legend>
    <span part="hint" id="policy-plans-hint">${s.plansHint}</span>
    ${products
      ? products
          .filter((product) => product.plans.length > 0)
          .map(
            (product) => html`<div part="plan-group" role="group" aria-labelledby="policy-product-${product.id}">
              <span part="plan-group-title" id="policy-product-${product.id}">${product.name}</span>
              <div part="checks">${product.plans.map(box)}</div>
            </div>`,
          )
      : html`<p part="hint" role="status">${s.plansLoading}</p>`}
    ${error('policy-plans-error', editor.errors.plans)}
  </fieldset>`;
}

/** The form: who buys alone, the limits in the company's currency, the plans allowed, how long requests wait; Save. */
function form(c: PolicyContext, policy: PurchasingPolicy): TemplateResult {
  const { s, editor, locale } = c;
  const currency = editor.currency(c.defaultCurrency);
  const draft = editor.draftFor(policy, currency);
  const submit = (event: Event) => {
    event.preventDefault();
    void editor.save(currency);
  };
  return html`<form part="policy-form" data-policy-form novalidate @submit=${submit}>
    <p part="policy-intro">${s.policyIntro}</p>
    <p part="policy-updated">${policy.updatedAt ? format(s.policyUpdated, { date: date(policy.updatedAt, locale) }) : s.policyDefault}</p>
    ${roles(c, draft)} ${limits(c, draft, currency)} ${plans(c, draft)}
    ${field({
      id: 'policy-ttl',
      label: s.ttlLabel,
      value: draft.ttl,
      error: editor.errors.ttl,
      inputmode: 'numeric',
      ltr: true,
      onInput: (e) => editor.edit({ ttl: (e.target as HTMLInputElement).value }, 'ttl'),
    })}
    <div part="policy-actions">
      <button part="button save" type="submit" ?disabled=${editor.saving}>${editor.saving ? s.saving : s.save}</button>
      ${editor.saved ? html`<span part="saved">${s.saved}</span>` : nothing}
    </div>
    ${editor.formError ? html`<p part="message message-error" role="alert">${editor.formError}</p>` : nothing}
  </form>`;
}

/** The purchasing policy section: loading, error with retry, or the form. */
export function policyPanel(c: PolicyContext): TemplateResult {
  const remote: Remote<PurchasingPolicy> = c.editor.remote;
  if (remote.data) return form(c, remote.data);
  if (remote.error) return errorState(c.s.policyError, remote.error, c.s, c.onRetry);
  return loadingState(c.s.policyLoading, html`<div aria-hidden="true">${[0, 1, 2].map(() => skeleton({ block: '4em' }, 'skeleton skeleton-line'))}</div>`);
}
