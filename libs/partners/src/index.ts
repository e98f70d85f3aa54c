export * from './partner.service';
export * from './partners.module';
