export * from './aggregate-state.service';
export * from './aggregation.processor';
