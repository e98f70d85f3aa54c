import { Module } from '@nestjs/common';
import { CampaignsModule } from '@observatory/campaigns';
import { InstrumentsModule } from '@observatory/instruments';
import { SubmissionsModule } from '@observatory/submissions';
import { DemoCampaigns } from './demo-campaigns';

/**
 * The demo campaigns and their responses (`DEMO_DATA`). A library of its own, above
 * `submissions`: the demo responses are submitted like any other, and campaigns (below
 * submissions) must not depend on that. Importing `InstrumentsModule` orders the start-up hooks:
 * the built-in instruments are published before `DemoCampaigns` seeds campaigns that use them.
 */
@Module({
  imports: [InstrumentsModule, CampaignsModule, SubmissionsModule],
  providers: [DemoCampaigns],
  exports: [DemoCampaigns],
})
export class DemoModule {}
