/**
 * A Stryker ignorer for the prose of error values. Tests assert an error's `type` and `code` (what a
 * caller branches on and a user is shown through a localized string), never its English message, so
 * mutating the message text alone yields mutants no meaningful test can kill.
 *
 * Ignored: the message argument of `new SomethingError(…, message)` and the `message:` property of an
 * object that also carries `ok: false` (an error result such as `TaxIdResult`).
 */
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

const REASON = 'error message text: callers and tests rely on type and code, never on the English prose';

const isText = (path) => path.isStringLiteral() || path.isTemplateLiteral();

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
  const object = property.parentPath;
  return (
    object?.isObjectExpression() === true &&
    object.node.properties.some(
      (p) => p.type === 'ObjectProperty' && p.key.type === 'Identifier' && p.key.name === 'ok' && p.value.type === 'BooleanLiteral' && !p.value.value,
    )
  );
}

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'error-text', {
    shouldIgnore(path) {
      return isText(path) && (isErrorMessageArgument(path) || isErrorResultMessage(path)) ? REASON : undefined;
    },
  }),
];
