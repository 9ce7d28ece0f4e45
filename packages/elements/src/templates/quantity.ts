import { html, nothing, type TemplateResult } from 'lit';

/** A whole-number input: a plan's seats (bounded by its quantity rule) or an add-on's count. */
export interface QuantityInputOptions {
  id: string;
  /** Its parts (`input`, `quantity-input`, `input add-on-quantity`). */
  part: string;
  min: number;
  max: number | null | undefined;
  value: string;
  error: string | null | undefined;
  /** The ids that describe it (its hint, price, error). */
  describedBy: string;
  onInput: (event: Event) => void;
  /** Also on `change` (the spinner's steps and a commit by Enter), where the widget reads both. */
  onChange?: (event: Event) => void;
}

/** The one quantity input of the widgets: numeric keyboard, steps of one, its bounds, invalid and described. */
export function quantityInput(o: QuantityInputOptions): TemplateResult {
  return html`<input
    part=${o.part}
    id=${o.id}
    type="number"
    inputmode="numeric"
    step="1"
    min=${o.min}
    max=${o.max ?? nothing}
    .value=${o.value}
    aria-invalid=${o.error ? 'true' : 'false'}
    aria-describedby=${o.describedBy}
    @input=${o.onInput}
    @change=${o.onChange ?? nothing}
  />`;
}
