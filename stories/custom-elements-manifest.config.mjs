// custom-elements.json is generated from the components' JSDoc before Storybook starts or builds; never committed.
import { readdirSync, readFileSync } from 'node:fs';

/**
 * Tags are registered in one place (packages/elements/src/define/, one `defineOnce('subkit-x', Class)`
 * per tag), not by decorators, so this plugin reads those calls and marks each class as the custom element of its tag.
 */
function tagsFromDefine() {
  const dir = new URL('../packages/elements/src/define/', import.meta.url);
  const source = readdirSync(dir).map((file) => readFileSync(new URL(file, dir), 'utf8')).join('\n');
  const tags = new Map([...source.matchAll(/defineOnce\('(subkit-[a-z-]+)',\s*(\w+)\)/g)].map((m) => [m[2], m[1]]));
  if (tags.size === 0) throw new Error('no defineOnce(tag, Class) call found in packages/elements/src/define/');
  return {
    name: 'subkit-tags-from-define',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        for (const declaration of mod.declarations ?? []) {
          const tag = tags.get(declaration.name);
          if (!tag) continue;
          declaration.tagName = tag;
          declaration.customElement = true;
        }
      }
    },
  };
}

export default {
  globs: ['../packages/elements/src/**/*.ts'],
  exclude: ['../packages/elements/src/**/*.test.ts', '../packages/elements/src/**/*.styles.ts', '../packages/elements/src/locales/**'],
  outdir: '.',
  litelement: true,
  plugins: [tagsFromDefine()],
};
