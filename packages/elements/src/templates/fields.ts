import { html, nothing, type TemplateResult } from 'lit';

/** A text-like form field: what it asks, its value, its hint and its error. */
export interface FieldOptions {
  /** The input's id and name; the hint and error are `<id>-hint` and `<id>-error`. */
  id: string;
  label: string;
  value: string;
  error?: string | null | undefined;
  hint?: TemplateResult | string | undefined;
  type?: string;
  autocomplete?: string;
  inputmode?: string | null;
  required?: boolean;
  /** Left to right whatever the page's direction (card numbers, tax IDs, e-mail addresses). */
  ltr?: boolean;
  onInput: (event: Event) => void;
  onBlur?: () => void;
}

/**
 * A labelled input with its hint and error tied to it (`aria-describedby`, `aria-invalid`): every form field
 * of the widgets is this one template.
 */
export function field(o: FieldOptions): TemplateResult {
  const hintId = o.hint ? `${o.id}-hint` : '';
  return html`<div part="field">
    <label part="label" for=${o.id}>${o.label}</label>
    <input
      part="input"
      id=${o.id}
      name=${o.id}
      type=${o.type ?? 'text'}
      dir=${o.ltr || o.type === 'email' ? 'ltr' : nothing}
      autocomplete=${o.autocomplete ?? 'off'}
      inputmode=${o.inputmode ?? nothing}
      ?required=${o.required ?? false}
      aria-required=${o.required ? 'true' : nothing}
      .value=${o.value}
      aria-invalid=${o.error ? 'true' : 'false'}
      aria-describedby="${hintId} ${o.id}-error"
      @input=${o.onInput}
      @blur=${o.onBlur ?? nothing}
    />
    ${o.hint ? html`<span part="hint" id=${hintId}>${o.hint}</span>` : nothing}
    <span part="field-error" id="${o.id}-error">${o.error ?? ''}</span>
  </div>`;
}
