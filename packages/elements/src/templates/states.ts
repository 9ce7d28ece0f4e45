import { html, type TemplateResult } from 'lit';
import type { SubkitError } from '@subkit/client';
import { errorMessage, type ErrorStrings } from '../internal/errors.js';

/**
 * The templates of the states every widget has — loading, error with a retry, empty, signed out — so each
 * looks and reads the same everywhere. A widget supplies its words and the shape of its skeleton.
 */

/**
 * Inline sizes as CSS text for a `.style=${…}` property binding: set through the CSSOM, so a strict CSP
 * without inline styles (`style-src` without 'unsafe-inline') still allows them.
 */
export function sizes(size: { block?: string | undefined; inline?: string | undefined }): string {
  return `${size.block ? `block-size:${size.block};` : ''}${size.inline ? `inline-size:${size.inline}` : ''}`;
}

/** One placeholder bar of a skeleton, sized in CSS lengths (`{ block: '1.4em', inline: '50%' }`). */
export function skeleton(size: { block?: string; inline?: string } = {}, part = 'skeleton'): TemplateResult {
  return html`<span part=${part} .style=${sizes(size)}></span>`;
}

/** The loading state: an announcement for screen readers, and a skeleton in the content's shape (hidden from them). */
export function loadingState(label: string, shape: TemplateResult | TemplateResult[]): TemplateResult {
  return html`<div class="visually-hidden" role="status">${label}</div>${shape}`;
}

/** The error state: what could not be done, why (by category, in the widget's language), and a retry. */
export function errorState(lead: string, error: SubkitError, strings: ErrorStrings & { retry: string }, retry: () => void): TemplateResult {
  return html`<div part="error" role="alert">
    <p>${lead} ${errorMessage(error, strings)}</p>
    <button part="button retry" type="button" @click=${retry}>${strings.retry}</button>
  </div>`;
}

/** A one-line empty state (nothing to show) or signed-out state (nothing to show yet: the buyer must sign in). */
export function emptyState(text: string): TemplateResult {
  return html`<p part="empty">${text}</p>`;
}

/** The note to a buyer whose role lets them see but not act (a viewer): what they can do, and who can do more. */
export function roleNote(text: string): TemplateResult {
  return html`<p part="note">${text}</p>`;
}
