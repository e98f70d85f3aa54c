export * from './definition-checksum';
export * from './instrument.service';
export * from './instruments.module';
export { PluginRegistry } from './registry';
