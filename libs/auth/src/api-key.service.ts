import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository, type EntityManager } from 'typeorm';
import { personalDataProblems } from '@observatory/anonymisation';
import { badInput, notFound, personalData } from '@observatory/errors';
import { ApiKeyEntity, type ApiKeyScope } from '@observatory/persistence';
import { preparedQuery } from '@observatory/persistence';
import {
  bearerSecret,
  displayPrefix,
  generateApiKeySecret,
  hashApiKeySecret,
} from './api-key-secret';
import type { Principal, Role } from './principal';
import type { RequestWithPrincipal } from './request-principal';

const AUTHENTICATION = Symbol('observatory:authentication');

export interface NewApiKey {
  name: string;
  role: Role;
  scope?: ApiKeyScope;
}

export interface BootstrapOutcome {
  /** Set only when the key was generated now: shown once, never stored. */
  generatedSecret?: string;
  /** True when an admin key from an earlier start is kept. */
  existing: boolean;
}

@Injectable()
export class ApiKeyService {
  constructor(@InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>) {}

  /** Random bytes → SHA-256 → store the hash → return the secret, once. */
  async create(input: NewApiKey): Promise<{ key: ApiKeyEntity; secret: string }> {
    const personal = personalDataProblems([{ path: 'name', value: input.name, field: 'label' }]);
    if (personal.length) throw personalData(personal);
    const scope = normaliseScope(input.role, input.scope ?? {});
    const secret = generateApiKeySecret();
    const key = await this.keys.save(
      this.keys.create({
        name: input.name,
        role: input.role,
        scope,
        secretHash: hashApiKeySecret(secret),
        prefix: displayPrefix(secret),
        bootstrap: false,
        revokedAt: null,
      }),
    );
    return { key, secret };
  }

  async revoke(id: string): Promise<ApiKeyEntity> {
    const key = UUID.test(id) ? await this.keys.findOneBy({ id }) : null;
    if (!key) throw notFound(`No API key with id ${id}`);
    if (!key.revokedAt) {
      key.revokedAt = new Date();
      await this.keys.save(key);
    }
    return key;
  }

  list(): Promise<ApiKeyEntity[]> {
    return this.keys.find({ order: { createdAt: 'ASC' } });
  }

  /**
   * The principal of a request's `Authorization: Bearer` key (undefined without one, or for an
   * unknown or revoked key), looked up once per request however many resolvers, guards and the
   * rate limit ask: an alias flood does not cost one lookup per field.
   */
  authenticateRequest(request: RequestWithPrincipal): Promise<Principal | undefined> {
    const memo = request as RequestWithPrincipal & {
      [AUTHENTICATION]?: Promise<Principal | undefined>;
    };
    if (!memo[AUTHENTICATION]) {
      const secret = bearerSecret(request.headers.authorization);
      memo[AUTHENTICATION] = secret ? this.authenticate(secret) : Promise.resolve(undefined);
      // A failed lookup (database down) is not remembered: the next asker tries again.
      memo[AUTHENTICATION].catch(() => (memo[AUTHENTICATION] = undefined));
    }
    return memo[AUTHENTICATION];
  }

  /** The principal of a secret, or undefined when it is unknown or revoked. */
  async authenticate(secret: string): Promise<Principal | undefined> {
    // Every request passes here: a prepared statement, without the ORM's entity mapping.
    const [key] = await preparedQuery<Pick<ApiKeyEntity, 'id' | 'name' | 'role' | 'scope'>>(
      this.keys.manager.connection,
      'api-key-principal',
      'SELECT id, name, role, scope FROM api_key WHERE secret_hash = $1 AND revoked_at IS NULL',
      [hashApiKeySecret(secret)],
    );
    if (!key) return undefined;
    return { keyId: key.id, name: key.name, role: key.role, scope: key.scope };
  }

  /**
   * Makes sure an admin can get in. With `secret` (ADMIN_API_KEY) that key is the bootstrap key,
   * replacing any earlier one. Without it, a key is generated at the first start only. Processes
   * starting together on a new database take turns (an advisory lock), so one creates the key and
   * the others find it.
   */
  ensureBootstrapAdmin(secret: string | undefined): Promise<BootstrapOutcome> {
    return this.keys.manager.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK]);
      const current = await manager.findOneBy(ApiKeyEntity, {
        bootstrap: true,
        revokedAt: IsNull(),
      });
      if (secret) {
        const secretHash = hashApiKeySecret(secret);
        if (current?.secretHash === secretHash) return { existing: true };
        await manager.update(
          ApiKeyEntity,
          { bootstrap: true, revokedAt: IsNull() },
          { revokedAt: new Date() },
        );
        await manager.save(bootstrapKey(manager, 'bootstrap admin (ADMIN_API_KEY)', secret));
        return { existing: false };
      }
      if (current) return { existing: true };
      const generated = generateApiKeySecret();
      await manager.save(bootstrapKey(manager, 'bootstrap admin (generated)', generated));
      return { generatedSecret: generated, existing: false };
    });
  }
}

// Any constant: the same for every process starting on this database.
const BOOTSTRAP_LOCK = 7_236_420_233;

function bootstrapKey(manager: EntityManager, name: string, secret: string): ApiKeyEntity {
  return manager.create(ApiKeyEntity, {
    name,
    role: 'ADMIN',
    scope: {},
    secretHash: hashApiKeySecret(secret),
    prefix: displayPrefix(secret),
    bootstrap: true,
    revokedAt: null,
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A collector is scoped to campaigns and a partner to one partner; an admin to nothing. */
function normaliseScope(role: Role, scope: ApiKeyScope): ApiKeyScope {
  const campaignKeys = [...new Set(scope.campaignKeys ?? [])];
  switch (role) {
    case 'ADMIN':
      if (campaignKeys.length || scope.partnerKey)
        throw badInput('An ADMIN key takes no campaignKeys or partnerKey');
      return {};
    case 'COLLECTOR':
      if (campaignKeys.length === 0)
        throw badInput('A COLLECTOR key needs at least one campaign key in campaignKeys');
      if (scope.partnerKey) throw badInput('A COLLECTOR key takes no partnerKey');
      return { campaignKeys };
    case 'PARTNER':
      if (!scope.partnerKey) throw badInput('A PARTNER key needs a partnerKey');
      if (campaignKeys.length)
        throw badInput('A PARTNER key takes no campaignKeys: its agreement says what it may see');
      return { partnerKey: scope.partnerKey };
  }
}
