/**
 * Domain errors. Each has a stable `name` (so workflow Retry/Catch can name it) and the HTTP status a
 * client should see; handlers map them once to problem+json or to an error page.
 */
export interface FieldError {
  path: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  /** Short, stable title for problem+json. */
  abstract readonly title: string;
  readonly errors: FieldError[] | undefined;

  constructor(message: string, options?: { cause?: unknown; errors?: FieldError[] }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.errors = options?.errors;
  }
}

export class ValidationError extends DomainError {
  override name = 'ValidationError';
  readonly status = 422;
  readonly title = 'The request has errors';
}

export class MalformedRequestError extends DomainError {
  override name = 'MalformedRequestError';
  readonly status = 400;
  readonly title = 'The request could not be read';
}

export class UnsupportedMediaTypeError extends DomainError {
  override name = 'UnsupportedMediaTypeError';
  readonly status = 415;
  readonly title = 'Unsupported content type';
}

export class PayloadTooLargeError extends DomainError {
  override name = 'PayloadTooLargeError';
  readonly status = 413;
  readonly title = 'Too much in one request';
}

export class UnauthenticatedError extends DomainError {
  override name = 'UnauthenticatedError';
  readonly status = 401;
  readonly title = 'Sign in required';
}

export class ForbiddenError extends DomainError {
  override name = 'ForbiddenError';
  readonly status = 403;
  readonly title = 'Not allowed';
}

export class NotFoundError extends DomainError {
  override name = 'NotFoundError';
  readonly status = 404;
  readonly title = 'Not found';
}

export class TransferNotFoundError extends NotFoundError {
  override name = 'TransferNotFoundError';
}

export class CaseNotFoundError extends NotFoundError {
  override name = 'CaseNotFoundError';
}

export class ContractNotFoundError extends NotFoundError {
  override name = 'ContractNotFoundError';
}

export class ConflictError extends DomainError {
  override name = 'ConflictError';
  readonly status = 409;
  readonly title = 'Conflicts with the current state';
}

export class TransferNotDraftError extends ConflictError {
  override name = 'TransferNotDraftError';
}

/**
 * The contract changed between the read and the write. `retryable` when only one of its timers moved (a
 * sweep started it): reading again and deciding again is safe. Otherwise someone decided first.
 */
export class ContractChangedError extends ConflictError {
  override name = 'ContractChangedError';
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class EvidencePackNotFoundError extends NotFoundError {
  override name = 'EvidencePackNotFoundError';
}

export class DuplicateEmployeeError extends ValidationError {
  override name = 'DuplicateEmployeeError';
}

/** The pension election deadline has passed (or the transfer is no longer taking choices). */
export class ElectionClosedError extends ConflictError {
  override name = 'ElectionClosedError';
}

export class ConsultationNotFoundError extends NotFoundError {
  override name = 'ConsultationNotFoundError';
}

/** A consultation response outside its open period (not open yet, or closed). */
export class ConsultationClosedError extends ConflictError {
  override name = 'ConsultationClosedError';
}

/** One client sent more public responses to a consultation than the hourly limit allows. */
export class TooManyResponsesError extends DomainError {
  override name = 'TooManyResponsesError';
  readonly status = 429;
  readonly title = 'Too many responses';
}

/** A personal link that was altered, is for another purpose, or cannot be read. */
export class InvalidLinkError extends DomainError {
  override name = 'InvalidLinkError';
  readonly status = 404;
  readonly title = 'Link not recognised';
}

/** A person's link made before HR sent them a newer one: only the newest opens. */
export class ReplacedLinkError extends InvalidLinkError {
  override name = 'ReplacedLinkError';
}

export class ExpiredLinkError extends DomainError {
  override name = 'ExpiredLinkError';
  readonly status = 410;
  readonly title = 'Link expired';
}

export class EmployeeNumberMismatchError extends DomainError {
  override name = 'EmployeeNumberMismatchError';
  readonly status = 422;
  readonly title = 'Employee number does not match';
}

/** A personal link locked after too many wrong employee numbers: refused, the right number too, until `until`. */
export class LinkLockedError extends DomainError {
  override name = 'LinkLockedError';
  readonly status = 423;
  readonly title = 'Link locked';
  /** When the link opens again. */
  readonly until: string;

  constructor(message: string, options: { until: string; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.until = options.until;
  }
}

/** One client typed too many wrong employee numbers across personal links within the hour. */
export class TooManyAttemptsError extends DomainError {
  override name = 'TooManyAttemptsError';
  readonly status = 429;
  readonly title = 'Too many attempts';
}

export class CsrfError extends DomainError {
  override name = 'CsrfError';
  readonly status = 403;
  readonly title = 'The form has expired';
}

/**
 * A service we depend on (the table, the workflow engine, email) did not answer or is overloaded: nothing
 * is wrong with the request, so the caller is asked to try again shortly (503 with Retry-After).
 */
export class ServiceUnavailableError extends DomainError {
  override name = 'ServiceUnavailableError';
  readonly status = 503;
  readonly title = 'Service unavailable';
  /** Seconds a client should wait before trying again. */
  readonly retryAfterSeconds = 30;
}

/**
 * A workflow step met a state that moved under it (a concurrent write) or a throttled service:
 * the ASL files retry this name with backoff.
 */
export class TransientStepError extends Error {
  override name = 'TransientStepError';
}

/** An Idempotency-Key sent again with another route, path or body: the key belongs to another request. */
export class IdempotencyKeyReusedError extends ValidationError {
  override name = 'IdempotencyKeyReusedError';
}

/** The first request with this Idempotency-Key is still being answered: try again when it has finished. */
export class IdempotentRequestInProgressError extends ConflictError {
  override name = 'IdempotentRequestInProgressError';
}

/**
 * DynamoDB kept answering part of a batch write as unprocessed (throttling) after every retry: the write is
 * given up rather than retried forever. Transient, so a workflow retries the step later.
 */
export class UnprocessedWritesError extends TransientStepError {
  override name = 'UnprocessedWritesError';
}

/**
 * An email is claimed in the ledger by another sender whose outcome is unknown (it may have died after
 * claiming). The step fails under this name rather than finishing as if the email were sent; the
 * milestone is marked failed and the sweep runs it again after the claim has expired.
 */
export class EmailClaimHeldError extends Error {
  override name = 'EmailClaimHeldError';
}

/** A date outside the years the bank holiday file covers: the file needs refreshing from GOV.UK. */
export class BankHolidaysUnknownError extends Error {
  override name = 'BankHolidaysUnknownError';
}

/** A required environment variable is not set: the deployment is wrong, not the request. */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/**
 * A rotation of the link secret was asked for a version Secrets Manager has not staged for it, or its
 * pending key fails the test: the step fails under this name and the secret's current version stays.
 */
export class LinkSecretRotationError extends Error {
  override name = 'LinkSecretRotationError';
}
