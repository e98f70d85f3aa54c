export * from './access.decorator';
export * from './api-key-secret';
export * from './api-key.service';
export * from './auth.module';
export * from './principal';
export * from './request-principal';
