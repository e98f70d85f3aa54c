/**
 * The one error hierarchy of the service. Services throw these; the API maps each code once to a
 * GraphQL `extensions.code` (and HTTP status where it matters). Messages are for the developer of
 * a front-end: they say what to change, and never quote submitted values.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  // An anonymous token that is unknown, used or expired: one code for all three.
  | 'INVALID_TOKEN'
  // A partner's aggregate refused: its population is too close to one already answered (issue 11).
  | 'DISCLOSURE_RISK'
  /** An identifier field or a label holds personal data (a phone, an email, a name…). */
  | 'PERSONAL_DATA';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Machine-readable details (problem lists, limits); never raw submitted values. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badInput = (message: string, details?: Record<string, unknown>): DomainError =>
  new DomainError('BAD_USER_INPUT', message, details);
export const unauthenticated = (message: string): DomainError =>
  new DomainError('UNAUTHENTICATED', message);
export const forbidden = (message: string): DomainError => new DomainError('FORBIDDEN', message);
export const notFound = (message: string): DomainError => new DomainError('NOT_FOUND', message);
export const conflict = (message: string, details?: Record<string, unknown>): DomainError =>
  new DomainError('CONFLICT', message, details);
/** PERSONAL_DATA with the first problem in the message and all of them in `extensions.problems`. */
export const personalData = (problems: readonly { path: string; message: string }[]): DomainError =>
  new DomainError(
    'PERSONAL_DATA',
    `${problems[0].message}${problems.length > 1 ? ` (and ${problems.length - 1} more, see extensions.problems)` : ''}`,
    { problems },
  );
