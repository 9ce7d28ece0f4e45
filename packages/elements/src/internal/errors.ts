import type { SubkitError } from '@subkit/client';

/** The common error strings every widget table carries. */
export interface ErrorStrings {
  errorNetwork: string;
  errorAuth: string;
  errorPermission: string;
  errorBusy: string;
  errorGeneric: string;
  [key: string]: string;
}

/** A buyer-facing message for an error value: localized by category, never the raw server text. */
export function errorMessage(error: SubkitError, strings: ErrorStrings): string {
  if (error.type === 'network_error') return strings.errorNetwork;
  if (error.type === 'auth_error') return strings.errorAuth;
  if (error.type === 'rate_limited' || (error.status !== null && error.status >= 500)) return strings.errorBusy;
  if (error.serverType === 'permission_error' || error.status === 403) return strings.errorPermission;
  return strings.errorGeneric;
}
