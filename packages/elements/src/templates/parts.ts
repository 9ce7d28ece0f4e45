import type { TemplateResult } from 'lit';

/** A piece of a sentence: our text, or a template (a `<bdi>` name, an amount). */
export type Part = string | TemplateResult;

/**
 * Fills `{name}` placeholders with text or templates, as parts Lit renders in order: a sentence of ours
 * with merchant names or amounts isolated in it (`format` fills placeholders with text only).
 */
export function fillParts(template: string, values: Record<string, Part>): Part[] {
  const parts: Part[] = [];
  let last = 0;
  for (const match of template.matchAll(/\{(\w+)\}/g)) {
    parts.push(template.slice(last, match.index), values[match[1]!] ?? match[0]);
    last = match.index + match[0].length;
  }
  parts.push(template.slice(last));
  return parts;
}
