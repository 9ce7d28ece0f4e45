import * as z from 'zod/mini';
import { ApiError } from '../errors.js';

// zod/mini ships without messages ("Invalid input"); English ones make the 400s readable.
z.config(z.locales.en());

/** Where a value came from: decides nothing but the wording. */
export type InputPart = 'params' | 'query' | 'body';

function describe(issue: z.core.$ZodIssue, param: string): string {
  const field = param === '' ? 'The request body' : `'${param}'`;
  if (issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined) return `${field} is required.`;
  if (issue.code === 'unrecognized_keys') return `${field}: ${issue.message}.`;
  return `${field}: ${issue.message.replace(/\.$/, '')}.`;
}

/** Validates one part of a request; the first issue becomes a 400 naming the offending field by its dot path. */
export function validate<S extends z.ZodMiniType>(schema: S, value: unknown, part: InputPart): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new ApiError('invalid_request_error', 'parameter_invalid', `The request ${part} is invalid.`);
  const param = issue.path.map(String).join('.');
  throw new ApiError('invalid_request_error', param === '' ? 'body_invalid' : 'parameter_invalid', describe(issue, param), param === '' ? {} : { param });
}
