// A React storefront page: the plan picker and the checkout from @subkit/react. The picker's typed
// onPlanSelected feeds the checkout's selection; onCheckoutCompleted shows the new subscription.
import { StrictMode, useEffect, useState, version } from 'react';
import { createRoot } from 'react-dom/client';
import { Checkout, PlanPicker, Provider } from '@subkit/react';
import type { PlanSelectedDetail } from '@subkit/elements';
import { loadShop, type Shop } from '../../shared/shop.js';
import '../../shared/example.css';

function App() {
  const [shop, setShop] = useState<Shop | null>(null);
  const [failure, setFailure] = useState('');
  const [selection, setSelection] = useState<PlanSelectedDetail | null>(null);
  const [subscribed, setSubscribed] = useState<{ id: string; planId: string } | null>(null);

  useEffect(() => {
    loadShop().then(setShop, (error: Error) => setFailure(error.message));
  }, []);

  return (
    <>
      <header>
        <h1>Northwind in React</h1>
        <p data-testid="framework">@subkit/react components on React {version}, signed in as Acme&apos;s purchaser</p>
      </header>
      <main>
        {failure && <p role="alert">{failure}</p>}
        {shop && (
          <Provider apiBase={shop.apiBase} publishableKey={shop.publishableKey} getSession={shop.getSession}>
            <PlanPicker product="prod_portal" onPlanSelected={(event) => setSelection(event.detail)} />
            {selection && (
              <>
                <p className="selection" data-testid="selection">
                  Chosen: {selection.planId}, {selection.quantity} × {selection.recurring.interval}
                </p>
                <Checkout
                  selection={selection}
                  onCheckoutCompleted={(event) => setSubscribed({ id: event.detail.subscription.id, planId: event.detail.subscription.planId })}
                />
              </>
            )}
          </Provider>
        )}
        {subscribed && (
          <p className="confirmation" role="status" data-testid="subscribed">
            Subscribed to {subscribed.planId}: {subscribed.id}
          </p>
        )}
      </main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
