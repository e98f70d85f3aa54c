export * from './aggregate-state.service';
export * from './aggregation.processor';
export * from './aggregate-field';
export * from './aggregate-request';
export * from './aggregate-query.service';
export * from './aggregation.module';
export {
  releaseMemberSql,
  ReleaseService,
  type Advance,
  type ReleaseStatus,
} from './release/release.service';
export { ReleaseSchedules } from './release/release-schedules';
export { DISCLOSURE_RISK } from './release/release-query.service';
