import { Module } from '@nestjs/common';
import { CampaignsModule } from '../../../../../libs/campaigns/src';
import { InstrumentsModule } from '../../../../../libs/instruments/src';
import { CampaignResolver } from './campaign.resolver';

/** Campaigns, participants and pairs over GraphQL. */
@Module({
  imports: [CampaignsModule, InstrumentsModule],
  providers: [CampaignResolver],
})
export class CampaignsApiModule {}
