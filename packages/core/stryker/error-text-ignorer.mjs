/**
 * A Stryker ignorer for the prose of error values. Tests assert an error's `type` and `code` (what a
 * caller branches on and a user is shown through a localized string), never its English message, so
 * mutating the message text alone yields mutants no meaningful test can kill.
 *
 * Ignored: the message argument of `new SomethingError(…, message)` and the `message:` property of an
 * object that also has a `code` (an error value such as `TaxIdResult`'s). A message may be a string, a
 * template or a choice between two of them.
 */
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

const REASON = 'error message text: callers and tests rely on type and code, never on the English prose';

const isText = (node) =>
  node.type === 'StringLiteral' ||
  node.type === 'TemplateLiteral' ||
  (node.type === 'ConditionalExpression' && isText(node.consequent) && isText(node.alternate));

const hasKey = (object, name) => object.properties.some((p) => p.type === 'ObjectProperty' && p.key.type === 'Identifier' && p.key.name === name);

function isErrorMessageArgument(path) {
  const parent = path.parentPath;
  if (!parent?.isNewExpression()) return false;
  const callee = parent.node.callee;
  const args = parent.node.arguments;
  return callee.type === 'Identifier' && callee.name.endsWith('Error') && args.length > 0 && args[args.length - 1] === path.node;
}

function isErrorResultMessage(path) {
  const property = path.parentPath;
  if (!property?.isObjectProperty() || property.node.value !== path.node) return false;
  if (property.node.key.type !== 'Identifier' || property.node.key.name !== 'message') return false;
  // Keys, not values: Stryker may already have wrapped the sibling values in mutant switches.
  const object = property.parentPath;
  return object?.isObjectExpression() === true && hasKey(object.node, 'code');
}

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'error-text', {
    shouldIgnore(path) {
      return isText(path.node) && (isErrorMessageArgument(path) || isErrorResultMessage(path)) ? REASON : undefined;
    },
  }),
];
