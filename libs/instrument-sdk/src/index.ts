export * from './definition';
export * from './plugin';
