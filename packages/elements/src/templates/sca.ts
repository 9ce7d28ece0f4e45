import { html, type TemplateResult } from 'lit';

/** The strings of the bank's confirmation step. */
export interface ScaStrings {
  scaTitle: string;
  scaTestNote: string;
  scaApprove: string;
  scaFail: string;
}

/**
 * The bank's confirmation of a payment (test-mode SCA), as one step of a dialog: what is confirmed, and
 * approve or fail. The heading takes focus when the step appears (`data-step-focus`) and labels the dialog.
 */
export function scaStep(body: string, s: ScaStrings, busy: boolean, onOutcome: (outcome: 'approve' | 'fail') => void): TemplateResult {
  return html`<h3 part="dialog-title" id="dialog-title" tabindex="-1" data-step-focus>${s.scaTitle}</h3>
    <p id="sca-body">${body}</p>
    <p part="hint">${s.scaTestNote}</p>
    <div part="dialog-actions sca-actions">
      <button part="button confirm sca-approve" type="button" ?disabled=${busy} @click=${() => onOutcome('approve')}>${s.scaApprove}</button>
      <button part="button button-secondary sca-fail" type="button" ?disabled=${busy} @click=${() => onOutcome('fail')}>${s.scaFail}</button>
    </div>`;
}
