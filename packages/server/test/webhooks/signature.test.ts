import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { signWebhook, verifyWebhook, WebhookSignatureError } from '../../src/webhooks/signature.js';

const SECRET = 'whsec_test_secret_for_signatures';
const NOW = new Date('2027-01-15T12:00:00.000Z');
const T = Math.floor(NOW.getTime() / 1000);
const EVENT = { id: 'evt_1', object: 'event', type: 'invoice.paid', createdAt: '2027-01-15T11:59:59.000Z', sequence: 1, data: { object: { id: 'in_1', object: 'invoice' } } };
const BODY = JSON.stringify(EVENT);

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof WebhookSignatureError);
    assert.equal(err.type, 'webhook_signature_error');
    return err.code;
  }
  assert.fail('verifyWebhook accepted it');
}

describe('verifyWebhook', () => {
  it('accepts what signWebhook signed and returns the event; the signature is HMAC-SHA256 over "t.body" in hex', () => {
    const header = signWebhook(BODY, [SECRET], T);
    const expected = createHmac('sha256', SECRET).update(`${T}.${BODY}`).digest('hex');
    assert.equal(header, `t=${T},v1=${expected}`);
    const event = verifyWebhook(BODY, header, SECRET, { toleranceSeconds: 300, now: NOW });
    assert.equal(event.id, 'evt_1');
    assert.equal(event.type, 'invoice.paid');
    assert.equal(verifyWebhook(Buffer.from(BODY), header, SECRET, { now: NOW }).id, 'evt_1', 'raw bytes work too');
  });

  it('refuses a forged signature: another secret, an altered body, a swapped timestamp', () => {
    const header = signWebhook(BODY, [SECRET], T);
    assert.equal(refusal(() => verifyWebhook(BODY, signWebhook(BODY, ['whsec_attacker'], T), SECRET, { now: NOW })), 'no_matching_signature');
    assert.equal(refusal(() => verifyWebhook(BODY.replace('in_1', 'in_2'), header, SECRET, { now: NOW })), 'no_matching_signature');
    assert.equal(refusal(() => verifyWebhook(`${BODY} `, header, SECRET, { now: NOW })), 'no_matching_signature');
    const moved = header.replace(`t=${T}`, `t=${T + 1}`);
    assert.equal(refusal(() => verifyWebhook(BODY, moved, SECRET, { now: NOW })), 'no_matching_signature');
  });

  it('refuses a stale signature (a replay) and one from the future, beyond the tolerance', () => {
    const old = signWebhook(BODY, [SECRET], T - 301);
    assert.equal(refusal(() => verifyWebhook(BODY, old, SECRET, { toleranceSeconds: 300, now: NOW })), 'timestamp_outside_tolerance');
    assert.equal(verifyWebhook(BODY, signWebhook(BODY, [SECRET], T - 300), SECRET, { toleranceSeconds: 300, now: NOW }).id, 'evt_1');
    const future = signWebhook(BODY, [SECRET], T + 301);
    assert.equal(refusal(() => verifyWebhook(BODY, future, SECRET, { toleranceSeconds: 300, now: NOW })), 'timestamp_outside_tolerance');
    const day = signWebhook(BODY, [SECRET], T - 86_400);
    assert.equal(refusal(() => verifyWebhook(BODY, day, SECRET, { now: NOW })), 'timestamp_outside_tolerance', 'default tolerance 300 s');
  });

  it('refuses a missing or malformed header and a body that is not an event', () => {
    assert.equal(refusal(() => verifyWebhook(BODY, undefined, SECRET, { now: NOW })), 'missing_header');
    assert.equal(refusal(() => verifyWebhook(BODY, '', SECRET, { now: NOW })), 'missing_header');
    for (const header of ['garbage', `t=${T}`, 'v1=abc', `t=abc,v1=${'0'.repeat(64)}`, `t=${T},v1=${'z'.repeat(64)}`, `t=${T},v0=${'0'.repeat(64)}`]) {
      assert.equal(refusal(() => verifyWebhook(BODY, header, SECRET, { now: NOW })), 'malformed_header', header);
    }
    const notJson = 'not json';
    assert.equal(refusal(() => verifyWebhook(notJson, signWebhook(notJson, [SECRET], T), SECRET, { now: NOW })), 'invalid_payload');
    const notEvent = '{"id":"x"}';
    assert.equal(refusal(() => verifyWebhook(notEvent, signWebhook(notEvent, [SECRET], T), SECRET, { now: NOW })), 'invalid_payload');
  });

  it('refuses a correctly signed body that lacks a field a receiver acts on, or has it in another shape', () => {
    const { createdAt: _c, ...noCreatedAt } = EVENT;
    const { sequence: _s, ...noSequence } = EVENT;
    const malformed: [string, unknown][] = [
      ['top-level null', null],
      ['top-level array', [EVENT]],
      ['id empty', { ...EVENT, id: '' }],
      ['type a number', { ...EVENT, type: 7 }],
      ['no createdAt', noCreatedAt],
      ['no sequence', noSequence],
      ['sequence 0', { ...EVENT, sequence: 0 }],
      ['sequence a string', { ...EVENT, sequence: '1' }],
      ['sequence 1.5', { ...EVENT, sequence: 1.5 }],
      ['no data', { ...EVENT, data: undefined }],
      ['data.object null', { ...EVENT, data: { object: null } }],
      ['data.object an array', { ...EVENT, data: { object: [] } }],
      ['data.object without id', { ...EVENT, data: { object: { object: 'invoice' } } }],
      ['data.object.id a number', { ...EVENT, data: { object: { id: 1, object: 'invoice' } } }],
    ];
    for (const [label, value] of malformed) {
      const body = JSON.stringify(value);
      assert.equal(refusal(() => verifyWebhook(body, signWebhook(body, [SECRET], T), SECRET, { now: NOW })), 'invalid_payload', label);
    }
  });

  it('during a secret rotation: a header with two signatures verifies with either secret, and a receiver may hold both', () => {
    const header = signWebhook(BODY, ['whsec_new', 'whsec_old'], T);
    assert.equal(verifyWebhook(BODY, header, 'whsec_new', { now: NOW }).id, 'evt_1');
    assert.equal(verifyWebhook(BODY, header, 'whsec_old', { now: NOW }).id, 'evt_1');
    assert.equal(verifyWebhook(BODY, signWebhook(BODY, ['whsec_new'], T), ['whsec_old', 'whsec_new'], { now: NOW }).id, 'evt_1');
    assert.equal(refusal(() => verifyWebhook(BODY, header, 'whsec_other', { now: NOW })), 'no_matching_signature');
  });
});
