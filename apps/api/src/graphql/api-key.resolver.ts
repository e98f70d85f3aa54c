import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, ApiKeyService, CurrentPrincipal, type Principal } from '@observatory/auth';
import type { ApiKeyEntity } from '@observatory/persistence';
import { ApiKeyType, CreateApiKeyInput, CreatedApiKeyType, ViewerType } from './api-key.types';

@Resolver()
export class ApiKeyResolver {
  constructor(private readonly keys: ApiKeyService) {}

  @Query(() => ViewerType, { description: 'Tells the calling key its role and scope' })
  @Allow('ADMIN', 'COLLECTOR', 'PARTNER')
  viewer(@CurrentPrincipal() principal: Principal): ViewerType {
    return {
      keyId: principal.keyId,
      name: principal.name,
      role: principal.role,
      campaignKeys: principal.scope.campaignKeys ?? [],
      partnerKey: principal.scope.partnerKey ?? null,
    };
  }

  @Query(() => [ApiKeyType])
  @Allow('ADMIN')
  async apiKeys(): Promise<ApiKeyType[]> {
    return (await this.keys.list()).map(toApiKeyType);
  }

  @Mutation(() => CreatedApiKeyType, { description: 'The secret is shown once, in this reply' })
  @Allow('ADMIN')
  async createApiKey(@Args('input') input: CreateApiKeyInput): Promise<CreatedApiKeyType> {
    const { key, secret } = await this.keys.create({
      name: input.name,
      role: input.role,
      scope: { campaignKeys: input.campaignKeys, partnerKey: input.partnerKey },
    });
    return { apiKey: toApiKeyType(key), secret };
  }

  @Mutation(() => ApiKeyType)
  @Allow('ADMIN')
  async revokeApiKey(@Args('id', { type: () => ID }) id: string): Promise<ApiKeyType> {
    return toApiKeyType(await this.keys.revoke(id));
  }
}

function toApiKeyType(key: ApiKeyEntity): ApiKeyType {
  return {
    id: key.id,
    name: key.name,
    role: key.role,
    prefix: key.prefix,
    campaignKeys: key.scope.campaignKeys ?? [],
    partnerKey: key.scope.partnerKey ?? null,
    createdAt: key.createdAt,
    revokedAt: key.revokedAt,
  };
}
