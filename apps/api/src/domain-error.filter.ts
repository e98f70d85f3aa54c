import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import type { Response } from 'express';
import { DomainError, type ErrorCode } from '@observatory/errors';

const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  INVALID_TOKEN: 403,
  DISCLOSURE_RISK: 403,
  PERSONAL_DATA: 422,
};

/**
 * Domain errors are expected outcomes, not faults: hand them to Apollo (which formats them, see
 * graphql-errors.ts) or answer HTTP routes with their status, without Nest logging them as errors.
 */
@Catch(DomainError)
export class DomainErrorFilter implements ExceptionFilter, GqlExceptionFilter {
  catch(error: DomainError, host: ArgumentsHost): DomainError | void {
    if (host.getType<string>() === 'graphql') return error;
    const response = host.switchToHttp().getResponse<Response>();
    response
      .status(HTTP_STATUS[error.code])
      .json({ code: error.code, message: error.message, ...error.details });
  }
}
