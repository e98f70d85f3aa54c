import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CampaignsAndSubmissions1764000002000 implements MigrationInterface {
  name = 'CampaignsAndSubmissions1764000002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "anonymous_token" ("token_hash" text NOT NULL, "campaign_key" text NOT NULL, "instrument_key" text NOT NULL, "issued_on" date NOT NULL, CONSTRAINT "PK_368c0305565cd41bf95c58de60a" PRIMARY KEY ("token_hash"))',
    );
    await queryRunner.query(
      'CREATE TABLE "redeemed_anonymous_token" ("token_hash" text NOT NULL, "campaign_key" text NOT NULL, "instrument_key" text NOT NULL, CONSTRAINT "PK_3bf9ccf599838a93bf45097d54e" PRIMARY KEY ("token_hash"))',
    );
    await queryRunner.query(
      'CREATE TABLE "campaign_phase" ("campaign_key" text NOT NULL, "key" text NOT NULL, "title" text NOT NULL, "position" integer NOT NULL, "opens_at" TIMESTAMP WITH TIME ZONE, "closes_at" TIMESTAMP WITH TIME ZONE, "instrument_keys" text array NOT NULL DEFAULT \'{}\', "sequences" jsonb NOT NULL DEFAULT \'[]\', CONSTRAINT "PK_482e0367f7cce054ff3749c8e3e" PRIMARY KEY ("campaign_key", "key"))',
    );
    await queryRunner.query(
      'CREATE TABLE "campaign" ("key" text NOT NULL, "title" text NOT NULL, "description" text NOT NULL DEFAULT \'\', "branches" jsonb NOT NULL DEFAULT \'[]\', "demo" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3a07a51fb823aa3f44309abc8c5" PRIMARY KEY ("key"))',
    );
    await queryRunner.query(
      'CREATE TABLE "outbox_event" ("id" BIGSERIAL NOT NULL, "topic" text NOT NULL, "payload" jsonb NOT NULL, "created_on" date NOT NULL DEFAULT (\'now\'::text)::date, "sent_at" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT \'0\', CONSTRAINT "PK_cc0c9e40998e45ecfc5e313429d" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_outbox_event_unsent" ON "outbox_event"  ("id") WHERE sent_at IS NULL',
    );
    await queryRunner.query(
      'CREATE TABLE "pair" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "campaign_key" text NOT NULL, "code" text NOT NULL, "mediator_id" uuid NOT NULL, "professional_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3eaf216329c5c50aedb94fa797e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "UQ_pair_campaign_professional" ON "pair"  ("campaign_key", "professional_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "UQ_pair_campaign_mediator" ON "pair"  ("campaign_key", "mediator_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "UQ_pair_campaign_code" ON "pair"  ("campaign_key", "code") ',
    );
    await queryRunner.query(
      'CREATE TABLE "participant" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "campaign_key" text NOT NULL, "code" text NOT NULL, "role" text NOT NULL, "branch" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_64da4237f502041781ca15d4c41" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "UQ_participant_campaign_code" ON "participant"  ("campaign_key", "code") ',
    );
    await queryRunner.query(
      'CREATE TABLE "submission" ("id" uuid NOT NULL, "api_key_id" uuid, "client_submission_id" text, "request_hash" text, "instrument_key" text NOT NULL, "instrument_version" text NOT NULL, "campaign_key" text NOT NULL, "phase_key" text, "pair_id" uuid, "participant_id" uuid, "respondent_role" text, "branch" text, "status" text NOT NULL, "anonymous" boolean NOT NULL DEFAULT false, "answers" jsonb NOT NULL, "derived" jsonb NOT NULL DEFAULT \'{}\', "redactions" jsonb NOT NULL DEFAULT \'[]\', "submitted_on" date NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_7faa571d0e4a7076e85890c9bd0" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_submission_participant" ON "submission"  ("participant_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_submission_campaign_instrument" ON "submission"  ("campaign_key", "instrument_key") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "UQ_submission_client_id" ON "submission"  ("api_key_id", "client_submission_id") ',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."UQ_submission_client_id"');
    await queryRunner.query('DROP INDEX "public"."IDX_submission_campaign_instrument"');
    await queryRunner.query('DROP INDEX "public"."IDX_submission_participant"');
    await queryRunner.query('DROP TABLE "submission"');
    await queryRunner.query('DROP INDEX "public"."UQ_participant_campaign_code"');
    await queryRunner.query('DROP TABLE "participant"');
    await queryRunner.query('DROP INDEX "public"."UQ_pair_campaign_code"');
    await queryRunner.query('DROP INDEX "public"."UQ_pair_campaign_mediator"');
    await queryRunner.query('DROP INDEX "public"."UQ_pair_campaign_professional"');
    await queryRunner.query('DROP TABLE "pair"');
    await queryRunner.query('DROP INDEX "public"."IDX_outbox_event_unsent"');
    await queryRunner.query('DROP TABLE "outbox_event"');
    await queryRunner.query('DROP TABLE "campaign"');
    await queryRunner.query('DROP TABLE "campaign_phase"');
    await queryRunner.query('DROP TABLE "redeemed_anonymous_token"');
    await queryRunner.query('DROP TABLE "anonymous_token"');
  }
}
