import { Module } from '@nestjs/common';
import { InstrumentsModule } from '../../instruments/src/instruments.module';
import { SubmissionsModule } from '../../submissions/src/submissions.module';
import { CampaignService } from './campaign.service';
import { DemoCampaigns } from './demo-campaigns';

/**
 * Campaigns, participants, pairs and progress. Imports `InstrumentsModule` (instrument keys are
 * checked against the catalogue), which also orders the start-up hooks: the built-in instruments
 * are published before `DemoCampaigns` seeds campaigns that use them; and `SubmissionsModule`,
 * through which the demo responses are submitted.
 */
@Module({
  imports: [InstrumentsModule, SubmissionsModule],
  providers: [CampaignService, DemoCampaigns],
  exports: [CampaignService, DemoCampaigns],
})
export class CampaignsModule {}
