import { Module } from '@nestjs/common';

/** Campaigns, participants and pairs over GraphQL. */
@Module({})
export class CampaignsApiModule {}
