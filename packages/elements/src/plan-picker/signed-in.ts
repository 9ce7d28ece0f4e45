// What the plan picker needs only with a buyer session — who the buyer is, the company's subscriptions — and
// the wire rules of their endpoints: fetched when a session is known, so an anonymous visitor's page never loads it.
export { sessionStore, subscriptionsStore } from '@subkit/client';
