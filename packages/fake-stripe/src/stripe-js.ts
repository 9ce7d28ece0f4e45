/**
 * A stand-in for Stripe.js (`https://js.stripe.com/v3`), served by the fake at `/v3` because Stripe's
 * CDN cannot be reached here. It defines `window.Stripe` with the surface subkit's widgets use —
 * `elements({ mode, amount, currency })`, `elements.create('payment').mount()`, `elements.submit()`,
 * `createPaymentMethod({ elements })`, `handleNextAction({ clientSecret })`, `confirmSetup`,
 * `confirmPayment` — backed by the fake's API with the publishable key. The Payment Element is a small
 * card form in the page (the real one is an iframe); 3-D Secure is a dialog with "Complete" and "Fail",
 * like Stripe's test authentication page.
 */

/** The stand-in's source, talking to the fake at `apiBase`. */
export function stripeJsStandIn(apiBase: string): string {
  return `(() => {
  'use strict';
  const API = ${JSON.stringify(apiBase)};
  const form = (data) => Object.entries(data).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => encodeURIComponent(k) + '=' + encodeURIComponent(String(v))).join('&');

  function Stripe(key) {
    if (!(this instanceof Stripe)) return new Stripe(key);
    if (typeof key !== 'string' || !/^pk_(test|live)_/.test(key)) throw new Error('Invalid API key: use a publishable key (pk_test_… or pk_live_…).');
    const call = async (method, path, data) => {
      const body = data ? form(data) : undefined;
      const url = API + path + (method === 'GET' && data ? '?' + body : '');
      const res = await fetch(url, { method, headers: { authorization: 'Bearer ' + key, 'content-type': 'application/x-www-form-urlencoded' }, body: method === 'GET' ? undefined : body });
      const json = await res.json();
      return res.ok ? { ok: json } : { error: json.error };
    };

    const elements = (options) => {
      let mounted = null;
      const group = {
        create(type) {
          if (type !== 'payment') throw new Error('The Stripe.js stand-in only has the payment element.');
          const element = {
            mount(target) {
              const host = typeof target === 'string' ? document.querySelector(target) : target;
              const box = document.createElement('div');
              box.className = 'StripeElement fake-stripe-payment-element';
              box.setAttribute('role', 'group');
              box.setAttribute('aria-label', 'Card');
              box.style.cssText = 'display:grid;gap:8px;grid-template-columns:1fr 1fr;font:inherit';
              const field = (name, label, placeholder, autocomplete, span) => {
                const wrap = document.createElement('label');
                wrap.style.cssText = 'display:grid;gap:4px;' + (span ? 'grid-column:1 / -1;' : '');
                wrap.textContent = label;
                const input = document.createElement('input');
                input.name = name;
                input.placeholder = placeholder;
                input.autocomplete = autocomplete;
                input.inputMode = 'numeric';
                input.style.cssText = 'font:inherit;padding:8px;border:1px solid #8a8f98;border-radius:4px;min-inline-size:0';
                wrap.append(input);
                box.append(wrap);
                return input;
              };
              const number = field('number', 'Card number', '1234 1234 1234 1234', 'cc-number', true);
              const expiry = field('expiry', 'Expiration date', 'MM / YY', 'cc-exp', false);
              const cvc = field('cvc', 'Security code', 'CVC', 'cc-csc', false);
              const error = document.createElement('p');
              error.setAttribute('role', 'alert');
              error.style.cssText = 'grid-column:1 / -1;margin:0;color:#b3261e;min-block-size:1em';
              box.append(error);
              host.append(box);
              mounted = { box, number, expiry, cvc, error };
            },
            destroy() {
              mounted?.box.remove();
              mounted = null;
            },
            unmount() {
              mounted?.box.remove();
            },
            on() {},
            focus() {
              mounted?.number.focus();
            },
          };
          return element;
        },
        async submit() {
          if (!mounted) return { error: { type: 'validation_error', message: 'The payment element is not mounted.' } };
          const digits = mounted.number.value.replace(/[\\s-]/g, '');
          const expiry = /^\\s*(\\d{1,2})\\s*\\/\\s*(\\d{2}|\\d{4})\\s*$/.exec(mounted.expiry.value);
          let message = '';
          if (!/^\\d{12,19}$/.test(digits)) message = 'Your card number is incomplete.';
          else if (!expiry) message = "Your card's expiration date is incomplete.";
          else if (!/^\\d{3,4}$/.test(mounted.cvc.value.trim())) message = "Your card's security code is incomplete.";
          mounted.error.textContent = message;
          return message ? { error: { type: 'validation_error', message } } : {};
        },
        update() {},
        fetchUpdates: async () => ({}),
        options,
        card() {
          const expiry = /^\\s*(\\d{1,2})\\s*\\/\\s*(\\d{2}|\\d{4})\\s*$/.exec(mounted.expiry.value) ?? [];
          return { number: mounted.number.value.replace(/[\\s-]/g, ''), exp_month: expiry[1], exp_year: expiry[2], cvc: mounted.cvc.value.trim() };
        },
        showError(message) {
          if (mounted) mounted.error.textContent = message;
        },
      };
      return group;
    };

    const createPaymentMethod = async ({ elements: group }) => {
      const card = group.card();
      const result = await call('POST', '/v1/payment_methods', { type: 'card', 'card[number]': card.number, 'card[exp_month]': card.exp_month, 'card[exp_year]': card.exp_year, 'card[cvc]': card.cvc });
      if (result.error) {
        group.showError(result.error.message);
        return { error: result.error };
      }
      return { paymentMethod: result.ok };
    };

    const challenge = (intent) =>
      new Promise((resolve) => {
        const dialog = document.createElement('dialog');
        dialog.setAttribute('aria-label', '3D Secure authentication');
        dialog.className = 'fake-stripe-3ds';
        dialog.style.cssText = 'font:16px system-ui,sans-serif;padding:24px;border:1px solid #8a8f98;border-radius:8px;max-inline-size:360px';
        const title = document.createElement('h2');
        title.textContent = '3D Secure test authentication';
        title.style.cssText = 'margin:0 0 8px;font-size:18px';
        const text = document.createElement('p');
        text.textContent = 'Test payment of ' + (intent.amount !== undefined ? (intent.amount + ' ' + String(intent.currency).toUpperCase()) : 'a card setup') + '. Complete or fail the authentication.';
        const row = document.createElement('div');
        row.style.cssText = 'display:flex;gap:8px;justify-content:flex-end';
        const button = (label, outcome) => {
          const b = document.createElement('button');
          b.type = 'button';
          b.textContent = label;
          b.style.cssText = 'font:inherit;padding:8px 12px';
          b.addEventListener('click', () => {
            dialog.close();
            dialog.remove();
            resolve(outcome);
          });
          row.append(b);
          return b;
        };
        button('Fail authentication', 'fail');
        const complete = button('Complete authentication', 'approve');
        dialog.addEventListener('cancel', (e) => {
          e.preventDefault();
          dialog.close();
          dialog.remove();
          resolve('fail');
        });
        dialog.append(title, text, row);
        document.body.append(dialog);
        dialog.showModal();
        complete.focus();
      });

    const handleNextAction = async ({ clientSecret }) => {
      const id = String(clientSecret).split('_secret_')[0];
      const kind = id.startsWith('seti_') ? 'setup_intents' : 'payment_intents';
      const field = kind === 'setup_intents' ? 'setupIntent' : 'paymentIntent';
      const fetched = await call('GET', '/v1/' + kind + '/' + id, { client_secret: clientSecret });
      if (fetched.error) return { error: fetched.error };
      let intent = fetched.ok;
      if (intent.status === 'requires_action') {
        const outcome = await challenge(intent);
        const answered = await call('POST', '/_fake/' + kind + '/' + id + '/authenticate', { client_secret: clientSecret, outcome });
        if (answered.error) return { error: answered.error };
        intent = answered.ok;
      }
      const failure = intent.last_payment_error ?? intent.last_setup_error;
      if (intent.status === 'requires_payment_method' && failure) return { error: { ...failure, [kind === 'setup_intents' ? 'setup_intent' : 'payment_intent']: intent } };
      return { [field]: intent };
    };

    const confirmIntent = (kind) => async ({ elements: group, clientSecret }) => {
      const id = String(clientSecret).split('_secret_')[0];
      const data = { client_secret: clientSecret };
      if (group) {
        const created = await createPaymentMethod({ elements: group });
        if (created.error) return created;
        data.payment_method = created.paymentMethod.id;
      }
      const confirmed = await call('POST', '/v1/' + kind + '/' + id + '/confirm', data);
      if (confirmed.error) return { error: confirmed.error };
      return handleNextAction({ clientSecret });
    };

    return {
      elements,
      createPaymentMethod,
      handleNextAction,
      confirmPayment: confirmIntent('payment_intents'),
      confirmSetup: confirmIntent('setup_intents'),
      retrievePaymentIntent: async (clientSecret) => {
        const r = await call('GET', '/v1/payment_intents/' + String(clientSecret).split('_secret_')[0], { client_secret: clientSecret });
        return r.error ? { error: r.error } : { paymentIntent: r.ok };
      },
    };
  }
  Stripe.version = 3;
  window.Stripe = Stripe;
})();
`;
}
