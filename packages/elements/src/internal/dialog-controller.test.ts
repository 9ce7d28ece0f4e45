import '../../test/readable-failures.js';
import { expect, fixture, html } from '@open-wc/testing';
import { LitElement, nothing } from 'lit';
import { DialogController } from './dialog-controller.js';

/** A host with one dialog, as the widgets use the controller. */
class DialogHost extends LitElement {
  dialog = new DialogController(this, { element: () => this.renderRoot.querySelector('dialog') });
  override render() {
    return html`<button id="opener" @click=${(e: Event) => this.dialog.open(e)}>Open</button>
      ${this.dialog.isOpen ? html`<dialog @cancel=${this.dialog.cancel} @close=${this.dialog.closed}><p>Step</p></dialog>` : nothing}`;
  }
}
customElements.define('test-dialog-host', DialogHost);

describe('DialogController', () => {
  it('shows the dialog modally once rendered, and returns focus to the control that opened it when it closes', async () => {
    const el = await fixture<DialogHost>(html`<test-dialog-host></test-dialog-host>`);
    const opener = el.renderRoot.querySelector<HTMLButtonElement>('#opener')!;
    opener.focus();
    opener.click();
    await el.updateComplete;
    const dialog = el.renderRoot.querySelector('dialog')!;
    expect(dialog.open && dialog.matches(':modal')).to.equal(true);
    el.dialog.close();
    await el.updateComplete;
    await el.updateComplete;
    expect(el.renderRoot.querySelector('dialog')).to.equal(null);
    expect(el.shadowRoot!.activeElement).to.equal(opener);
  });

  it('does not throw when the widget left the page before its dialog was drawn (the dialog code arrived late)', async () => {
    const el = await fixture<DialogHost>(html`<test-dialog-host></test-dialog-host>`);
    el.remove();
    el.dialog.open();
    // Without the check, showModal() on a dialog off the page throws InvalidStateError inside the update.
    await el.updateComplete;
    expect(el.renderRoot.querySelector('dialog')?.open).to.equal(false);
  });
});
