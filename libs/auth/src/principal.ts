import type { ApiKeyRole, ApiKeyScope } from '@observatory/persistence';

export type Role = ApiKeyRole;
export const ROLES: readonly Role[] = ['ADMIN', 'COLLECTOR', 'PARTNER'];

/** Who is calling: the API key that authenticated the request. */
export interface Principal {
  keyId: string;
  name: string;
  role: Role;
  scope: ApiKeyScope;
}
