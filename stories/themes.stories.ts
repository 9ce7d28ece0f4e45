import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { fromGlobals, shows, widget } from './support.js';

/** The public design tokens a merchant sets on the page (every widget reads them through its shadow root). */
interface Tokens {
  primary: string;
  onPrimary: string;
  background: string;
  surface: string;
  text: string;
  muted: string;
  border: string;
  accent: string;
  danger: string;
  warning: string;
  radius: string;
  spacing: string;
  font: string;
}

const PROPERTIES: Record<keyof Tokens, string> = {
  primary: '--subkit-color-primary',
  onPrimary: '--subkit-color-on-primary',
  background: '--subkit-color-background',
  surface: '--subkit-color-surface',
  text: '--subkit-color-text',
  muted: '--subkit-color-muted',
  border: '--subkit-color-border',
  accent: '--subkit-color-accent',
  danger: '--subkit-color-danger',
  warning: '--subkit-color-warning',
  radius: '--subkit-radius',
  spacing: '--subkit-spacing',
  font: '--subkit-font-family',
};

/** The tokens as the style a merchant writes (`--subkit-color-primary: …`), for a wrapper around the widgets. */
const style = (tokens: Partial<Tokens>) =>
  Object.entries(tokens)
    .filter(([, value]) => value)
    .map(([key, value]) => `${PROPERTIES[key as keyof Tokens]}: ${value}`)
    .join('; ');

/** The picker and the checkout side by side under a set of tokens: most parts a theme touches in one view. */
const themed = (tokens: Partial<Tokens>, globals: Record<string, unknown>) => html`<div style=${style(tokens)}>
  ${widget('plan-picker', fromGlobals(globals, 'bs_test_story'))}
  <div style="block-size: 24px"></div>
  ${widget('checkout', { ...fromGlobals(globals, 'bs_test_story'), plan: 'plan_team' })}
</div>`;

/** subkit's own defaults (light), the starting point of the playground. */
const DEFAULTS: Tokens = {
  primary: '#3a4bd8',
  onPrimary: '#ffffff',
  background: '#ffffff',
  surface: '#f6f7f9',
  text: '#161a23',
  muted: '#5a6172',
  border: '#d5d9e1',
  accent: '#0a6a52',
  danger: '#b42318',
  warning: '#8a5a00',
  radius: '10px',
  spacing: '8px',
  font: 'system-ui, sans-serif',
};

const color = (description: string) => ({ control: { type: 'color' as const }, description });
const text = (description: string) => ({ control: { type: 'text' as const }, description });

const meta: Meta<Tokens> = {
  title: 'Design/Themes',
  args: DEFAULTS,
  argTypes: {
    primary: color('--subkit-color-primary: buttons, selection, focus ring'),
    onPrimary: color('--subkit-color-on-primary: text on primary'),
    background: color('--subkit-color-background'),
    surface: color('--subkit-color-surface: cards, summaries'),
    text: color('--subkit-color-text'),
    muted: color('--subkit-color-muted: secondary text'),
    border: color('--subkit-color-border'),
    accent: color('--subkit-color-accent: savings, trials'),
    danger: color('--subkit-color-danger: errors'),
    warning: color('--subkit-color-warning: contract prices, TEST MODE'),
    radius: text('--subkit-radius'),
    spacing: text('--subkit-spacing: the spacing unit'),
    font: text('--subkit-font-family'),
  },
};
export default meta;

type Story = StoryObj<Tokens>;

/**
 * The theme playground: edit any token in the Controls panel and the picker and checkout repaint at once
 * (the tokens are plain CSS custom properties on a wrapper, as on a merchant's page). The Storybook suite
 * runs axe's colour-contrast check on this story with the defaults; check a palette you make here the same
 * way (the Accessibility panel) before shipping it.
 */
export const Playground: Story = {
  parameters: shows('data'),
  render: (args, { globals }) => themed(args, globals),
};

/** Harbor: a navy and teal brand, square-ish corners. Passes the contrast check (Storybook suite, axe). */
export const Harbor: Story = {
  parameters: shows('data'),
  args: {
    primary: '#0b4f8a',
    onPrimary: '#ffffff',
    background: '#ffffff',
    surface: '#f2f6fa',
    text: '#0f1b2d',
    muted: '#4a5a70',
    border: '#c9d4e0',
    accent: '#0f6b5c',
    danger: '#a4161a',
    warning: '#7a4d00',
    radius: '4px',
    spacing: '8px',
    font: "'Helvetica Neue', Arial, sans-serif",
  },
  render: (args, { globals }) => themed(args, globals),
};

/** Forest: deep green on warm paper, a serif, round corners. Passes the contrast check. */
export const Forest: Story = {
  parameters: shows('data'),
  args: {
    primary: '#1f5f3a',
    onPrimary: '#ffffff',
    background: '#fdfcf7',
    surface: '#f3f1e7',
    text: '#1c1a14',
    muted: '#57534a',
    border: '#d6d1bf',
    accent: '#6b4300',
    danger: '#9b1c1c',
    warning: '#7a4a00',
    radius: '14px',
    spacing: '9px',
    font: 'Georgia, serif',
  },
  render: (args, { globals }) => themed(args, globals),
};

/** Ember: a dark brand (amber on charcoal), no rounding, roomier spacing. Passes the contrast check. */
export const Ember: Story = {
  parameters: shows('data'),
  args: {
    primary: '#ffb44d',
    onPrimary: '#1b1206',
    background: '#17151c',
    surface: '#221f29',
    text: '#f4f1ea',
    muted: '#bdb6c8',
    border: '#4a4456',
    accent: '#6fe0b5',
    danger: '#ff8a80',
    warning: '#f5c451',
    radius: '0px',
    spacing: '10px',
    font: "'Trebuchet MS', sans-serif",
  },
  render: (args, { globals }) => html`<div style="background:#0e0d12;padding:16px">${themed(args, globals)}</div>`,
};
