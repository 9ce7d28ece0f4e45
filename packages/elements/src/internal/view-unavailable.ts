import { subkitError, type SubkitError } from '@subkit/client';
import { SubkitErrorEvent } from '../events/common.js';

/**
 * A part of a widget fetched on first use (a dialog's code, what a button sends) could not be fetched (offline):
 * the error the widget shows with a retry, also told to the page as `subkit-error` from `source`.
 */
export function viewUnavailable(host: HTMLElement, what: string, source: string): SubkitError {
  const error = subkitError('network_error', 'view_unavailable', `The ${what} could not be loaded.`);
  host.dispatchEvent(new SubkitErrorEvent({ error, source }));
  return error;
}
