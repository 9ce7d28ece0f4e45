/** Strings every widget shows: retry, and what went wrong by error category. */
export const common = {
  retry: 'Try again',
  errorNetwork: 'We could not reach the billing service. Check your connection and try again.',
  errorAuth: 'Your session has ended. Sign in again to continue.',
  errorPermission: 'Your role does not allow this. Ask a billing admin of your company.',
  errorBusy: 'The billing service is busy. Try again in a moment.',
  errorGeneric: 'Something went wrong. Try again.',
};

/** The keys of the common strings. */
export type CommonStrings = typeof common;
