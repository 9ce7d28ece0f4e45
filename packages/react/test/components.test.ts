// @subkit/react is generated from custom-elements.json: every tag the manifest names must be a component
// that renders that tag, and every event the manifest lists must be one of its typed on… callbacks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createElement, type ComponentType } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import * as subkit from '../src/index.js';

interface Declaration { customElement?: boolean; tagName?: string; events?: { name?: string }[] }
const manifest = JSON.parse(readFileSync(new URL('../../../stories/custom-elements.json', import.meta.url), 'utf8')) as {
  modules: { declarations?: Declaration[] }[];
};
const declared = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement && d.tagName);
const source = readFileSync(new URL('../src/generated/components.ts', import.meta.url), 'utf8');
const componentName = (tag: string) => tag.replace(/^subkit-/, '').replace(/(^|-)([a-z])/g, (_, _d, c: string) => c.toUpperCase());

test('the manifest names the widgets (the generator has something to read)', () => {
  for (const tag of ['subkit-plan-picker', 'subkit-checkout', 'subkit-subscription-manager', 'subkit-billing-history', 'subkit-provider']) {
    assert.ok(declared.some((d) => d.tagName === tag), `${tag} is in custom-elements.json`);
  }
  assert.deepEqual([...subkit.tags].sort(), declared.map((d) => d.tagName!).sort());
});

test('every tag is a React component that renders that tag, with its props as attributes on the server', () => {
  for (const d of declared) {
    const component = (subkit as unknown as Record<string, unknown>)[componentName(d.tagName!)];
    assert.ok(component, `${d.tagName} has a component ${componentName(d.tagName!)}`);
    const markup = renderToStaticMarkup(createElement(component as ComponentType<Record<string, unknown>>, { id: 'x', locale: 'ar' }));
    assert.match(markup, new RegExp(`^<${d.tagName}[ >]`), `${componentName(d.tagName!)} renders <${d.tagName}>`);
    assert.match(markup, /id="x"/);
  }
});

test('every event of the manifest is a typed on… callback of its component', () => {
  for (const d of declared) {
    const block = source.slice(source.indexOf(`tagName: "${d.tagName}"`));
    const events = block.slice(0, block.indexOf('});'));
    for (const event of (d.events ?? []).map((e) => e.name).filter((n): n is string => Boolean(n?.startsWith('subkit-')))) {
      assert.match(events, new RegExp(`on[A-Z]\\w+: "${event}" as EventName<GlobalEventHandlersEventMap\\["${event}"\\]>`), `${d.tagName}: ${event}`);
    }
  }
  // React's own onError stays React's: the widget's error event is onSubkitError.
  assert.match(source, /onSubkitError: "subkit-error"/);
  assert.doesNotMatch(source, /\bonError:/);
  assert.match(source, /onPlanSelected: "subkit-plan-selected"/);
});
