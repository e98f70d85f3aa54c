import { Module } from '@nestjs/common';
import { CampaignsModule } from '@observatory/campaigns';
import { InstrumentsModule } from '@observatory/instruments';
import { CampaignResolver } from './campaign.resolver';

/** Campaigns, participants and pairs over GraphQL. */
@Module({
  imports: [CampaignsModule, InstrumentsModule],
  providers: [CampaignResolver],
})
export class CampaignsApiModule {}
