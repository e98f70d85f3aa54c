export * from './export-delivery';
export * from './export-runner';
export * from './export-schedules';
export * from './export.processor';
export * from './export.service';
export * from './queued-export-job';
export * from './exports.module';
export * from './signed-url';
export { withCharset } from './format';
