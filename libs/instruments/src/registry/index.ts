export * from './builtin-versions';
export * from './plugin-load-error';
export * from './plugin-loader';
export * from './plugin-registry';
