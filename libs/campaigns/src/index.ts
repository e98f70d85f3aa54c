export * from './campaign-progress';
export * from './campaign.service';
export * from './campaigns.module';
