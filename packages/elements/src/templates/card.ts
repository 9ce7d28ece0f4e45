import { html, type TemplateResult } from 'lit';
import { testCardHints, type TestCardInput, type TestCardOutcome } from '../rules/cards.js';
import { field } from './fields.js';

/** The strings of the TEST MODE card form (the outcomes of the test cards the flow lists). */
export interface TestCardStrings extends Partial<Record<TestCardOutcome, string>> {
  testMode: string;
  testModeHint: string;
  cardNumber: string;
  cardExpiry: string;
  cardCvc: string;
}

/**
 * The local engine's card form, clearly marked TEST MODE, listing the documented test cards of the flow
 * (paying, or saving a card): never shown in live mode, where Stripe's Payment Element collects cards.
 */
export function testCardForm(
  flow: 'payment' | 'setup',
  card: { values: TestCardInput; errors: Partial<Record<keyof TestCardInput, string>> },
  s: TestCardStrings,
  handlers: { onInput: (field: keyof TestCardInput, event: Event) => void; onBlur?: (field: keyof TestCardInput) => void },
): TemplateResult {
  const input = (id: keyof TestCardInput, label: string, autocomplete: string, inputmode: string | null) =>
    field({
      id, label, autocomplete, inputmode, required: true, ltr: true, value: card.values[id], error: card.errors[id],
      onInput: (event) => handlers.onInput(id, event),
      onBlur: handlers.onBlur && (() => handlers.onBlur!(id)),
    });
  return html`<div part="test-mode" role="group" aria-labelledby="test-mode-badge test-mode-hint">
    <p part="test-mode-badge" id="test-mode-badge">${s.testMode}</p>
    <p part="hint" id="test-mode-hint">${s.testModeHint}</p>
    <ul part="test-cards">
      ${testCardHints(flow).map((hint) => html`<li><code dir="ltr">${hint.number}</code> — ${s[hint.outcome]}</li>`)}
    </ul>
    ${input('cardNumber', s.cardNumber, 'cc-number', 'numeric')}
    <div part="field-row">${input('cardExpiry', s.cardExpiry, 'cc-exp', null)} ${input('cardCvc', s.cardCvc, 'cc-csc', 'numeric')}</div>
  </div>`;
}
