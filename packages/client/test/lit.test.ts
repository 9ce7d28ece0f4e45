import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';
import { atom, onMount } from 'nanostores';
import { StoreController } from '../src/lit.js';

/** The part of a LitElement a controller talks to, driven by hand. */
class FakeHost implements ReactiveControllerHost {
  controllers: ReactiveController[] = [];
  updates = 0;
  addController(c: ReactiveController) { this.controllers.push(c); }
  removeController(c: ReactiveController) { this.controllers = this.controllers.filter((x) => x !== c); }
  requestUpdate() { this.updates++; }
  get updateComplete() { return Promise.resolve(true); }
  connect() { for (const c of this.controllers) c.hostConnected?.(); }
  disconnect() { for (const c of this.controllers) c.hostDisconnected?.(); }
}

describe('StoreController', () => {
  test('registers with the host, reflects the store and requests an update on change', () => {
    const host = new FakeHost();
    const $count = atom(1);
    const controller = new StoreController(host, $count);
    assert.deepEqual(host.controllers, [controller]);
    assert.equal(controller.value, 1);
    host.connect();
    assert.equal(host.updates, 0, 'connecting to an unchanged store needs no extra render');
    $count.set(2);
    assert.equal(controller.value, 2);
    assert.equal(host.updates, 1);
  });

  test('subscribes on connect (the store mounts), unsubscribes on disconnect, catches up on reconnect', () => {
    const host = new FakeHost();
    const $value = atom('a');
    let mounted = 0;
    onMount($value, () => void mounted++);
    const controller = new StoreController(host, $value);
    host.connect();
    assert.equal(mounted, 1);
    assert.equal($value.lc, 1);
    host.disconnect();
    // lc is nanostores' listener count (its unmount itself is deferred by a second).
    assert.equal($value.lc, 0);
    $value.set('b');
    assert.equal(host.updates, 0);
    host.connect();
    assert.equal(controller.value, 'b');
    assert.equal(host.updates, 1);
    host.disconnect();
  });
});
