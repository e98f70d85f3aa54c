import { startTestServices } from './test-services';

export default async function globalSetup(): Promise<void> {
  const services = await startTestServices();
  (globalThis as { __TEST_SERVICES__?: unknown }).__TEST_SERVICES__ = services;
}
