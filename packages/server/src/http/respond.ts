import type { Request, Response } from 'express';
import { ApiError } from '../errors.js';
import type { FileResponse } from '../handlers/types.js';
import { errorBody, toApiError } from './errors.js';
import { encodedFor, type KeptJson } from './json-text.js';

/** What the host learns about a failed request: never headers, tokens or bodies. */
export interface ErrorInfo {
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
  readonly endpoint?: string;
}

/** The host's hook for unexpected (5xx) errors. */
export type OnError = (err: unknown, info: ErrorInfo) => void;

/** The request id the router gave this request. */
export function requestIdOf(res: Response): string {
  return res.locals.requestId as string;
}

/**
 * Sends JSON text as is: no re-serialisation and no ETag hashing (API answers are `no-store`), so a
 * cached body (the catalog) or a stored one (an idempotent replay) goes out byte for byte.
 */
export function sendJsonText(res: Response, status: number, text: string | Buffer, extraHeaders: Readonly<Record<string, string>> = {}): void {
  res.statusCode = status;
  for (const name in extraHeaders) res.setHeader(name, extraHeaders[name]!);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', typeof text === 'string' ? Buffer.byteLength(text) : text.length);
  res.end(text);
}

/** Sends a shared answer's kept bytes, compressed when the client accepts it (see http/json-text.ts). */
export function sendKeptJson(req: Request, res: Response, json: KeptJson): void {
  const { body, encoding } = encodedFor(json, req.headers['accept-encoding']);
  res.vary('Accept-Encoding');
  sendJsonText(res, 200, body, encoding ? { 'Content-Encoding': encoding } : {});
}

/** Sends a PDF or CSV download. */
export function sendFile(res: Response, file: FileResponse): void {
  const body = typeof file.body === 'string' ? Buffer.from(file.body, 'utf8') : Buffer.from(file.body);
  res.statusCode = 200;
  res.setHeader('Content-Type', file.contentType === 'text/csv' ? 'text/csv; charset=utf-8' : file.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${file.filename.replace(/[^\x20-\x7e]|["\\]/g, '_')}"`);
  res.setHeader('Content-Length', body.length);
  if (file.language) res.setHeader('Content-Language', file.language);
  res.end(body);
}

/**
 * The one error path: whatever was thrown — by body parsing, the router's own path decoding,
 * authentication, validation or a handler — becomes the documented JSON error. A 5xx (and only a 5xx,
 * never a client's mistake) is reported to the host's `onError`. Returns the error and the exact text to
 * send; `sendError` sends it (the router first stores it under the request's Idempotency-Key).
 */
export function errorAnswer(req: Request, res: Response, err: unknown, onError: OnError | undefined, endpoint?: string): { error: ApiError; text: string } {
  const error = toApiError(err);
  const unexpected = error.status >= 500 && !(err instanceof ApiError && error.status === 501);
  if (unexpected) onError?.(err, { requestId: requestIdOf(res), method: req.method, path: req.baseUrl + req.path, ...(endpoint ? { endpoint } : {}) });
  return { error, text: JSON.stringify(errorBody(error, requestIdOf(res))) };
}

/** Sends the documented JSON error for whatever was thrown (see `errorAnswer`). */
export function sendError(req: Request, res: Response, err: unknown, onError: OnError | undefined, endpoint?: string): void {
  const { error, text } = errorAnswer(req, res, err, onError, endpoint);
  if (!res.headersSent) sendJsonText(res, error.status, text);
}
