import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ArrayMaxSize, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { DeliveryMode } from '../partners/partner.types';

export enum ExportLevel {
  AGGREGATES = 'AGGREGATES',
  MICRODATA = 'MICRODATA',
}
registerEnumType(ExportLevel, { name: 'ExportLevel' });

export enum ExportFormat {
  CSV = 'CSV',
  JSONL = 'JSONL',
  DATAPACKAGE = 'DATAPACKAGE',
}
registerEnumType(ExportFormat, {
  name: 'ExportFormat',
  description: 'DATAPACKAGE: CSV files with a Frictionless datapackage.json and a codebook',
});

export enum JobStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  COMPLETED = 'COMPLETED',
  FAILED = 'FAILED',
}
registerEnumType(JobStatus, { name: 'JobStatus' });

@InputType('ExportInput')
export class ExportInput {
  @Field() @IsString() @Length(1, 200) instrumentKey!: string;
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  versions?: string[];
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 200) campaignKey?: string;
  @Field({
    nullable: true,
    description: 'Admins: export under this partner’s agreement (k, pseudonyms, delivery)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  partnerKey?: string;
  @Field(() => ExportLevel) @IsIn(Object.values(ExportLevel)) level!: ExportLevel;
  @Field(() => ExportFormat) @IsIn(Object.values(ExportFormat)) format!: ExportFormat;
  @Field(() => DeliveryMode, { defaultValue: DeliveryMode.DOWNLOAD })
  @IsIn(Object.values(DeliveryMode))
  delivery!: DeliveryMode;
}

@ObjectType('ExportFile')
export class ExportFileType {
  @Field() name!: string;
  @Field(() => Int) bytes!: number;
  @Field() sha256!: string;
  @Field() mediaType!: string;
  @Field(() => String, {
    nullable: true,
    description: 'A signed link that expires after an hour; no API key needed',
  })
  url!: string | null;
}

@ObjectType('ExportDelivery')
export class ExportDeliveryType {
  @Field(() => DeliveryMode) mode!: DeliveryMode;
  @Field({ description: 'NONE, PENDING, DELIVERED or FAILED' }) status!: string;
  @Field(() => Int) attempts!: number;
  @Field(() => String, { nullable: true }) error!: string | null;
}

@ObjectType('ExportJob')
export class ExportJobType {
  @Field(() => ID) id!: string;
  @Field(() => JobStatus) status!: JobStatus;
  @Field(() => Float, { description: '0..1, updated as rows stream' }) progress!: number;
  @Field(() => Int, { nullable: true }) rowCount!: number | null;
  @Field(() => [ExportFileType]) files!: ExportFileType[];
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field() instrumentKey!: string;
  @Field(() => [String]) versions!: string[];
  @Field(() => String, { nullable: true }) campaignKey!: string | null;
  @Field(() => String, { nullable: true }) partnerKey!: string | null;
  @Field(() => ExportLevel) level!: ExportLevel;
  @Field(() => ExportFormat) format!: ExportFormat;
  @Field(() => ExportDeliveryType) delivery!: ExportDeliveryType;
  @Field(() => Int) attempts!: number;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
  @Field(() => Date, { nullable: true }) expiresAt!: Date | null;
}
