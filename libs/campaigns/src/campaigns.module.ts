import { Module } from '@nestjs/common';
import { InstrumentsModule } from '@observatory/instruments';
import { CampaignService } from './campaign.service';

/**
 * Campaigns, participants, pairs and progress. Imports `InstrumentsModule`: instrument keys are
 * checked against the catalogue. The demo campaigns are seeded by `DemoModule` (libs/demo).
 */
@Module({
  imports: [InstrumentsModule],
  providers: [CampaignService],
  exports: [CampaignService],
})
export class CampaignsModule {}
