export * from './demo-campaigns';
export * from './demo.module';
export * from './microobs-demo-responses';
export * from './microobs-report';
