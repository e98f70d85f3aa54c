import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ArrayMaxSize, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ROLES, type Role } from '@observatory/auth';

export enum RoleEnum {
  ADMIN = 'ADMIN',
  COLLECTOR = 'COLLECTOR',
  PARTNER = 'PARTNER',
}
registerEnumType(RoleEnum, { name: 'Role', description: 'What an API key may do' });

@ObjectType('ApiKey', { description: 'An API key, without its secret (only its first characters)' })
export class ApiKeyType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => RoleEnum) role!: Role;
  @Field({ description: 'The first characters of the secret, to tell keys apart' }) prefix!: string;
  @Field(() => [String], { description: 'COLLECTOR keys: the campaigns they may submit to' })
  campaignKeys!: string[];
  @Field(() => String, { nullable: true, description: 'PARTNER keys: the partner they act for' })
  partnerKey!: string | null;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) revokedAt!: Date | null;
}

@ObjectType('CreatedApiKey')
export class CreatedApiKeyType {
  @Field(() => ApiKeyType) apiKey!: ApiKeyType;
  @Field({ description: 'The secret, shown this once: only its hash is stored' }) secret!: string;
}

@InputType('CreateApiKeyInput')
export class CreateApiKeyInput {
  @Field({ description: 'What the key is for, e.g. "field app, Nantes team"' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @Field(() => RoleEnum)
  @IsIn(ROLES)
  role!: Role;

  @Field(() => [String], { nullable: true, description: 'Required for COLLECTOR keys' })
  @IsOptional()
  @ArrayMaxSize(100)
  @Matches(/^[a-z0-9][a-z0-9-]{0,99}$/, {
    each: true,
    message: 'campaignKeys must be campaign keys (a-z, 0-9, -)',
  })
  campaignKeys?: string[];

  @Field({ nullable: true, description: 'Required for PARTNER keys' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,99}$/, {
    message: 'partnerKey must be a partner key (a-z, 0-9, -)',
  })
  partnerKey?: string;
}

@ObjectType('Viewer', { description: 'The API key making the request' })
export class ViewerType {
  @Field(() => ID) keyId!: string;
  @Field() name!: string;
  @Field(() => RoleEnum) role!: Role;
  @Field(() => [String]) campaignKeys!: string[];
  @Field(() => String, { nullable: true }) partnerKey!: string | null;
}
