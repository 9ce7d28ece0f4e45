import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acceptedLocales, matchAvailableLocale, SUBKIT_LOCALES } from '../../src/math/index.js';

describe('locale negotiation', () => {
  it('orders Accept-Language by q-value, keeps ties in order, drops * and junk', () => {
    assert.deepEqual(acceptedLocales('de-DE,de;q=0.9,en;q=0.8,*;q=0.1'), ['de-DE', 'de', 'en']);
    assert.deepEqual(acceptedLocales('en;q=0.5, ar'), ['ar', 'en']);
    assert.deepEqual(acceptedLocales('x;q=1, <script>, tr;q=0'), []);
    assert.deepEqual(acceptedLocales(undefined), []);
  });

  it('matches exactly, then by language, else null', () => {
    assert.equal(matchAvailableLocale(['ar-EG'], SUBKIT_LOCALES), 'ar');
    assert.equal(matchAvailableLocale(['zh-Hans-CN'], SUBKIT_LOCALES), 'zh-CN');
    assert.equal(matchAvailableLocale(['zh-cn'], SUBKIT_LOCALES), 'zh-CN');
    assert.equal(matchAvailableLocale(['de', 'tr'], SUBKIT_LOCALES), 'tr');
    assert.equal(matchAvailableLocale(['de'], SUBKIT_LOCALES), null);
  });
});
