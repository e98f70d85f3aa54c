export * from './export-delivery';
export * from './export-runner';
export * from './export-schedules';
export * from './export-secret';
export * from './export.processor';
export * from './export.service';
export * from './exports.module';
export * from './signed-url';
