import { SetMetadata } from '@nestjs/common';
import type { Role } from './principal';

export const ACCESS_METADATA = 'observatory:access';

export type AccessRule = { public: true } | { roles: Role[] };

/** Who may call this resolver or route. Anything without a rule is denied to everyone. */
export const Allow = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_METADATA, { roles } satisfies AccessRule);

/** No API key needed (health, anonymous submission with a one-time token). */
export const Public = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_METADATA, { public: true } satisfies AccessRule);
