import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { forbidden, unauthenticated } from '@observatory/errors';
import { ACCESS_METADATA, type AccessRule } from './access.decorator';
import { bearerSecret } from './api-key-secret';
import { ApiKeyService } from './api-key.service';
import { requestOf } from './request-principal';

/**
 * Global guard: a handler without an access rule is denied to everyone (a forgotten decorator
 * fails closed). Missing or wrong credentials are UNAUTHENTICATED; a valid key of the wrong role
 * is FORBIDDEN. Finer checks (a collector's campaigns, a partner's agreement) live in services.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeyService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) throw forbidden('This operation is not open to any API key');
    const request = requestOf(context);
    const secret = bearerSecret(request.headers.authorization);
    request.principal = await this.apiKeys.authenticateRequest(request);
    if ('public' in rule) return true;
    if (!secret) throw unauthenticated('Send an API key as "Authorization: Bearer <key>"');
    if (!request.principal) throw unauthenticated('This API key is unknown or has been revoked');
    if (!rule.roles.includes(request.principal.role)) {
      throw forbidden(`This operation needs one of these roles: ${rule.roles.join(', ')}`);
    }
    return true;
  }
}
