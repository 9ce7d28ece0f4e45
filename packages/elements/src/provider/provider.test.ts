import { expect, fixture, html } from '@open-wc/testing';
import '../define.js';
import type { SubkitProvider } from './provider.js';
import type { PlanSelectedEvent } from '../events/index.js';
import { freshKey, startWorker, useFixtureServer, worker } from '../../test/msw.js';
import { $, $$, text, until } from '../../test/helpers.js';

const api = location.origin;

describe('<subkit-provider>', () => {
  before(async () => {
    await startWorker();
  });
  afterEach(() => {
    worker.resetHandlers();
  });

  it("gives nested widgets one client that signs in through the page's getSession hook", async () => {
    const server = useFixtureServer();
    let calls = 0;
    const getSession = async () => {
      calls += 1;
      return { token: 'tok_from_hook', expiresAt: '2030-01-01T00:00:00.000Z' };
    };
    const provider = await fixture<SubkitProvider>(html`<subkit-provider api-base=${api} publishable-key=${freshKey()} .getSession=${getSession}>
      <subkit-plan-picker></subkit-plan-picker>
      <subkit-checkout></subkit-checkout>
    </subkit-provider>`);
    const picker = provider.querySelector('subkit-plan-picker')!;
    const checkout = provider.querySelector('subkit-checkout')!;
    await until(() => $$(picker, '[part~="badge-contract"]').length > 0, 'contract prices through the session');
    expect(text($(checkout, '[part~="empty"]'))).to.equal('Choose a plan first, then come back to check out.');

    const chosen = new Promise<PlanSelectedEvent>((resolve) => provider.addEventListener('subkit-plan-selected', resolve, { once: true }));
    const team = $$(picker, 'li[part~="plan"]').find((li) => text(li.querySelector('[part~="plan-name"]')) === 'Team')!;
    (team.querySelector('[part~="cta"]') as HTMLButtonElement).click();
    await chosen;
    // The checkout hears the picker's choice through the shared draft: no page code in between.
    await until(() => $$(checkout, '[part~="summary-total"]').length > 0, 'checkout priced the choice');
    expect(text($(checkout, '[part~="summary-plan"]'))).to.equal('Team · Billed monthly');

    // The fixture server records a request when its handler runs: on a busy machine the picker's last
    // signed-in request can still be on its way when the checkout has priced, so wait for it.
    const signedIn = () => server.requests.filter((r) => r.path !== '/v1/catalog');
    await until(() => signedIn().length > 2, 'the signed-in requests of both widgets');
    expect(calls).to.equal(1);
    const sessionCalls = signedIn();
    expect(new Set(sessionCalls.map((r) => r.authorization))).to.deep.equal(new Set(['Bearer tok_from_hook']));
  });

  it('lets a page hand in a client it built itself', async () => {
    useFixtureServer();
    const { createClient } = await import('@subkit/client');
    const client = createClient({ baseUrl: api, publishableKey: freshKey() });
    const provider = await fixture<SubkitProvider>(html`<subkit-provider .client=${client}><subkit-plan-picker></subkit-plan-picker></subkit-provider>`);
    const picker = provider.querySelector('subkit-plan-picker')!;
    await until(() => $$(picker, '[part~="plan-name"]').length === 5, 'plans through the given client');
    expect($$(picker, '[part~="badge-contract"]')).to.have.length(0);
  });
});
