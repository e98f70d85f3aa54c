export * from './aggregate-state.service';
export * from './aggregation.processor';
export * from './aggregate-field';
export * from './aggregate-query.service';
export * from './aggregation.module';
