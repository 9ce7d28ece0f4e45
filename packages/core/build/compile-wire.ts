// Compiles the wire schemas of the buyer endpoint table into a compact table of rules and a tiny
// checker, so browser bundles validate requests and responses by the same rules without shipping
// zod's runtime (which was most of a widget's weight). Node-only build tooling; the module it makes
// is what `@subkit/core/api` resolves to in browser builds (see vite-plugin.mjs).
import type * as z from 'zod/mini';
import { browserEndpoints, buyerEndpoints } from '../src/api.js';

type Schema = z.ZodMiniType;
interface Def {
  type: string;
  [key: string]: unknown;
}
interface CheckDef {
  check: string;
  value?: number;
  inclusive?: boolean;
  minimum?: number;
  maximum?: number;
  format?: string;
  pattern?: RegExp;
  params?: { serverOnly?: boolean };
}

const defOf = (schema: Schema): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const checksOf = (def: Def): CheckDef[] => [
  ...(def.check ? [def as unknown as CheckDef] : []),
  ...((def.checks as { _zod: { def: CheckDef } }[] | undefined) ?? []).map((c) => c._zod.def),
];

/** A rule: the name of the constant that holds it in the compiled module (`r0`, `r1`, …). */
type Rule = string;

/**
 * The rules of the wire schemas as module constants, one per structurally distinct rule, children before
 * parents. Each endpoint part refers only to the constants it needs, so a bundler keeps the rules of the
 * endpoints a page calls and drops the others.
 */
class RuleTable {
  /** Every rule in order (children before parents): its name, its array literal, the rules it refers to. */
  readonly rules: { name: Rule; source: string; deps: Set<Rule> }[] = [];
  readonly #byKey = new Map<string, Rule>();
  readonly #bySchema = new Map<Schema, Rule>();
  /** The rules referred to by the rule being encoded (innermost last). */
  readonly #refs: Set<Rule>[] = [];

  /** The rule of a schema; structurally equal rules are stored once. */
  of(schema: Schema): Rule {
    let rule = this.#bySchema.get(schema);
    if (rule === undefined) {
      this.#refs.push(new Set());
      const source = this.#encode(defOf(schema));
      rule = this.#add(source, this.#refs.pop()!);
      this.#bySchema.set(schema, rule);
    }
    this.#refs.at(-1)?.add(rule);
    return rule;
  }

  /**
   * The compact rule of a response schema (what production browser bundles check answers with): the
   * shape down to `depth` levels of objects — each field's kind (string, number, boolean, list, object,
   * null where allowed), the discriminators of tagged unions — and no formats, lengths, bounds or enum
   * lists. A malformed answer (not an object, a missing list, a field of the wrong kind) is still refused;
   * the full rules (and zod's, in development and in every test) check the rest.
   */
  compactOf(schema: Schema, depth: number): Rule {
    this.#refs.push(new Set());
    const source = this.#compact(defOf(schema), depth);
    const rule = this.#add(source, this.#refs.pop()!);
    this.#refs.at(-1)?.add(rule);
    return rule;
  }

  #compact(def: Def, depth: number): string {
    const kind = (value: unknown) => (typeof value === 'string' ? `['s',-1,-1,0]` : typeof value === 'number' ? `['n',0,null,1,null,1,0]` : typeof value === 'boolean' ? `['b']` : `['u']`);
    switch (def.type) {
      case 'string':
        return kind('');
      case 'number':
        return `['n',0,null,1,null,1,${def.coerce ? 1 : 0}]`;
      case 'boolean':
      case 'unknown':
      case 'any':
        return this.#encode(def);
      case 'literal': {
        const kinds = new Set((def.values as unknown[]).map(kind));
        return kinds.size === 1 ? [...kinds][0]! : `['u']`;
      }
      case 'enum':
        return kind('');
      case 'optional':
      case 'default':
        return `['?',${this.compactOf(def.innerType as Schema, depth)}]`;
      case 'nullable':
        return `['0',${this.compactOf(def.innerType as Schema, depth)}]`;
      case 'array': {
        const min = checksOf(def).find((c) => c.check === 'min_length')?.minimum ?? 0;
        return `['a',${this.compactOf(def.element as Schema, depth)},${min}]`;
      }
      case 'object': {
        if (depth <= 0) return `['o',{}]`;
        const fields = Object.entries(def.shape as Record<string, Schema>).map(([key, s]) => `${JSON.stringify(key)}:${this.compactOf(s, depth - 1)}`);
        return `['o',{${fields.join(',')}}]`;
      }
      case 'record':
        return depth <= 0 ? `['o',{}]` : `['r',${this.compactOf(def.valueType as Schema, depth - 1)}]`;
      case 'union': {
        const options = def.options as Schema[];
        const disc = def.discriminator as string | undefined;
        if (disc && depth > 0) {
          const cases: string[] = [];
          for (const option of options) {
            const tag = defOf((defOf(option).shape as Record<string, Schema>)[disc]!);
            for (const value of tag.values as string[]) cases.push(`${JSON.stringify(value)}:${this.compactOf(option, depth)}`);
          }
          return `['d',${JSON.stringify(disc)},{${cases.join(',')}}]`;
        }
        const rules = [...new Set(options.map((o) => this.compactOf(o, depth)))];
        return rules.length === 1 ? `['|',[${rules[0]}]]` : `['|',[${rules.join(',')}]]`;
      }
      default:
        throw new Error(`the browser rule compiler does not support zod type "${def.type}"`);
    }
  }

  /** Adds a rule given as JavaScript source (an array literal) unless an equal one exists. */
  #add(source: string, deps: Set<Rule>): Rule {
    let name = this.#byKey.get(source);
    if (name === undefined) {
      name = `r${this.rules.length}`;
      this.rules.push({ name, source, deps });
      this.#byKey.set(source, name);
    }
    return name;
  }

  /**
   * A rule's array literal: `['s', min, max, pattern]` (pattern: a RegExp, 1 for a URL, 0 for none),
   * `['n', int, min, minInclusive, max, maxInclusive, coerce]`, and one kind per zod type below.
   */
  #encode(def: Def): string {
    const checks = checksOf(def);
    const js = JSON.stringify;
    switch (def.type) {
      case 'string': {
        let min = -1;
        let max = -1;
        let pattern = '0';
        for (const c of checks) {
          if (c.check === 'min_length') min = c.minimum!;
          else if (c.check === 'max_length') max = c.maximum!;
          else if (c.check === 'string_format' && c.pattern) pattern = String(c.pattern);
          else if (c.check === 'string_format' && c.format === 'url') pattern = '1';
          // A refinement marked as the server's (a name's visible character, schemas/common.ts): not carried.
          else if (c.check === 'custom' && c.params?.serverOnly === true) continue;
          else throw new Error(`unsupported string check ${c.check}/${c.format}`);
        }
        return `['s',${min},${max},${pattern}]`;
      }
      case 'number': {
        let int = 0;
        let min: number | null = null;
        let minInclusive = 1;
        let max: number | null = null;
        let maxInclusive = 1;
        for (const c of checks) {
          if (c.check === 'number_format' && c.format === 'safeint') int = 1;
          else if (c.check === 'greater_than') [min, minInclusive] = [c.value!, c.inclusive ? 1 : 0];
          else if (c.check === 'less_than') [max, maxInclusive] = [c.value!, c.inclusive ? 1 : 0];
          else throw new Error(`unsupported number check ${c.check}/${c.format}`);
        }
        return `['n',${int},${min},${minInclusive},${max},${maxInclusive},${def.coerce ? 1 : 0}]`;
      }
      case 'boolean':
        return `['b']`;
      case 'unknown':
      case 'any':
        return `['u']`;
      case 'literal':
        return `['l',${js(def.values)}]`;
      case 'enum':
        return `['l',${js(Object.values(def.entries as Record<string, string>))}]`;
      case 'optional':
      case 'default':
        return `['?',${this.of(def.innerType as Schema)}]`;
      case 'nullable':
        return `['0',${this.of(def.innerType as Schema)}]`;
      case 'array': {
        const min = checks.find((c) => c.check === 'min_length')?.minimum ?? 0;
        return `['a',${this.of(def.element as Schema)},${min}]`;
      }
      case 'object': {
        const fields = Object.entries(def.shape as Record<string, Schema>).map(([key, s]) => `${js(key)}:${this.of(s)}`);
        return `['o',{${fields.join(',')}}]`;
      }
      case 'record':
        return `['r',${this.of(def.valueType as Schema)}]`;
      case 'union': {
        const options = def.options as Schema[];
        const disc = def.discriminator as string | undefined;
        if (!disc) return `['|',[${options.map((o) => this.of(o)).join(',')}]]`;
        const cases: string[] = [];
        for (const option of options) {
          const tag = defOf((defOf(option).shape as Record<string, Schema>)[disc]!);
          for (const value of tag.values as string[]) cases.push(`${js(value)}:${this.of(option)}`);
        }
        return `['d',${js(disc)},{${cases.join(',')}}]`;
      }
      default:
        throw new Error(`the browser rule compiler does not support zod type "${def.type}"`);
    }
  }
}

/**
 * The checker that runs the rule table: answers `[path, message]` for the first problem, or nothing.
 * Kept as source text so it is bundled as is; its behaviour is tested against zod in core's tests.
 */
const CHECKER = `
const E=(m)=>[[],m],O=(x)=>typeof x==='object'&&x!==null&&!Array.isArray(x);
const U=(x)=>{try{new URL(x);return true}catch{return false}};
function C(r,x){switch(r[0]){
case's':if(typeof x!=='string')return E('must be a string');if(r[1]>=0&&x.length<r[1])return E('must have at least '+r[1]+' characters');if(r[2]>=0&&x.length>r[2])return E('must have at most '+r[2]+' characters');if(r[3]===1?!U(x):r[3]&&!r[3].test(x))return E('has an invalid format');return;
case'n':if(r[6])x=Number(x);if(typeof x!=='number'||x!==x)return E('must be a number');if(r[1]&&!Number.isSafeInteger(x))return E('must be a whole number');if(r[2]!==null&&(r[3]?x<r[2]:x<=r[2]))return E('must be at least '+r[2]);if(r[4]!==null&&(r[5]?x>r[4]:x>=r[4]))return E('must be at most '+r[4]);return;
case'b':return typeof x==='boolean'?void 0:E('must be true or false');
case'u':return;
case'l':return r[1].includes(x)?void 0:E('must be one of: '+r[1].join(', '));
case'?':return x===undefined?void 0:C(r[1],x);
case'0':return x===null?void 0:C(r[1],x);
case'a':if(!Array.isArray(x))return E('must be a list');if(x.length<r[2])return E('must have at least '+r[2]+' items');for(let k=0;k<x.length;k++){const e=C(r[1],x[k]);if(e)return e[0].unshift(k),e}return;
case'o':if(!O(x))return E('must be an object');for(const k in r[1]){const e=C(r[1][k],x[k]);if(e)return e[0].unshift(k),e}return;
case'r':if(!O(x))return E('must be an object');for(const k in x){const e=C(r[1],x[k]);if(e)return e[0].unshift(k),e}return;
case'd':{if(!O(x))return E('must be an object');const c=r[2][x[r[1]]];if(c===undefined){const e=E('must be one of: '+Object.keys(r[2]).join(', '));e[0].unshift(r[1]);return e}return C(c,x)}
case'|':return r[1].some((o)=>!C(o,x))?void 0:E('matches none of the allowed shapes');}}
const S=(r)=>({safeParse(x){const e=C(r,x);return e?{success:false,error:{issues:[{path:e[0],message:e[1]}]}}:{success:true,data:x}}});
`;

/**
 * `responses: 'compact'` checks answers by their shape only (`RuleTable.compactOf`), what production
 * browser bundles ship; `'full'` (the default) checks them by every rule, as requests always are.
 */
export interface CompileOptions {
  readonly responses?: 'full' | 'compact';
}

/** How many levels of objects a compact response rule looks into (a list's items are the second). */
export const COMPACT_DEPTH = 2;

/** The endpoints browsers call as JavaScript object literals over their rules (`S(r12)`), and the rule table. */
function compileEndpoints({ responses = 'full' }: CompileOptions = {}): { table: RuleTable; endpoints: { name: string; source: string; rules: Set<Rule> }[] } {
  const table = new RuleTable();
  const endpoints = Object.entries(browserEndpoints).map(([name, endpoint]) => {
    // Not the endpoint's `permission`: the server enforces it, and no browser code reads it.
    const fields: string[] = [`method:${JSON.stringify(endpoint.method)}`, `path:${JSON.stringify(endpoint.path)}`, `auth:${JSON.stringify(endpoint.auth)}`];
    if ('scope' in endpoint) fields.push(`scope:${JSON.stringify(endpoint.scope)}`);
    if ('produces' in endpoint) fields.push(`produces:${JSON.stringify(endpoint.produces)}`);
    const rules = new Set<Rule>();
    for (const part of ['params', 'query', 'body', 'response'] as const) {
      const schema = (endpoint as Record<string, unknown>)[part] as Schema | undefined;
      if (!schema) continue;
      const rule = part === 'response' && responses === 'compact' ? table.compactOf(schema, COMPACT_DEPTH) : table.of(schema);
      rules.add(rule);
      fields.push(`${part}:/*#__PURE__*/S(${rule})`);
    }
    return { name, source: `{${fields.join(',')}}`, rules };
  });
  return { table, endpoints };
}

/**
 * The browser build of `@subkit/core/api` and `@subkit/core/endpoints` as one module: every endpoint a
 * browser calls as its own export (and the `buyerEndpoints` table) with compiled rules instead of zod schemas.
 */
export function compileBrowserApi(options: CompileOptions = {}): string {
  const { table, endpoints } = compileEndpoints(options);
  return [
    CHECKER,
    ...table.rules.map((r) => `const ${r.name}=${r.source};`),
    ...endpoints.map((e) => `export const ${e.name}=${e.source};`),
    `export const buyerEndpoints={${Object.keys(buyerEndpoints).join(',')}};`,
    'export const merchantEndpoints={};',
    '',
  ].join('\n');
}

/**
 * The same as many small modules, keyed by id under `prefix`: the index (`prefix`), the checker
 * (`prefix/check`), one module per rule (`prefix/rule/r12`) and per endpoint (`prefix/endpoint/getCatalog`).
 * A bundler that splits a page's code into chunks (a widget loaded when its tag appears) then places each
 * endpoint's rules with the widgets that call it, instead of one module holding every widget's rules.
 */
export function compileBrowserModules(prefix: string, options: CompileOptions = {}): Map<string, string> {
  const { table, endpoints } = compileEndpoints(options);
  const modules = new Map<string, string>();
  const imports = (rules: Iterable<Rule>) => [...rules].map((r) => `import ${r} from ${JSON.stringify(`${prefix}/rule/${r}`)};`).join('');
  modules.set(`${prefix}/check`, `${CHECKER}\nexport { S };\n`);
  for (const rule of table.rules) modules.set(`${prefix}/rule/${rule.name}`, `${imports(rule.deps)}\nexport default ${rule.source};\n`);
  for (const e of endpoints) {
    modules.set(`${prefix}/endpoint/${e.name}`, `import { S } from ${JSON.stringify(`${prefix}/check`)};${imports(e.rules)}\nexport default ${e.source};\n`);
  }
  const names = endpoints.map((e) => e.name).join(', ');
  modules.set(prefix, [
    ...endpoints.map((e) => `import ${e.name} from ${JSON.stringify(`${prefix}/endpoint/${e.name}`)};`),
    `export { ${names} };`,
    `export const buyerEndpoints = { ${Object.keys(buyerEndpoints).join(', ')} };`,
    'export const merchantEndpoints = {};',
    '',
  ].join('\n'));
  return modules;
}
