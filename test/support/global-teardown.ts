import { stopTestServices, type TestServices } from './test-services';

export default async function globalTeardown(): Promise<void> {
  const services = (globalThis as { __TEST_SERVICES__?: TestServices }).__TEST_SERVICES__;
  if (services) await stopTestServices(services);
}
