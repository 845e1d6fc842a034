import type { TestIdp } from './idp';
import type { Infrastructure } from './infrastructure';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis as { casetrailInfrastructure?: Infrastructure; casetrailIdp?: TestIdp };
  await state.casetrailIdp?.stop();
  await state.casetrailInfrastructure?.stop();
}
