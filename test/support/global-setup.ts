import { TestIdp } from './idp';
import { provideInfrastructure } from './infrastructure';

/** The audience the test IdP issues access tokens for, and every app under test expects. */
export const TEST_AUDIENCE = 'casetrail-api';

// Runs once per jest project before its workers start; workers inherit the environment set here.
export default async function globalSetup(): Promise<void> {
  const infrastructure = await provideInfrastructure();
  process.env.KAFKA_BROKERS = infrastructure.kafkaBrokers;
  process.env.MONGODB_URI = infrastructure.mongoUri;
  // A real OpenID Provider: every app the tests start (external or embedded) trusts it.
  const idp = await TestIdp.start({ audience: TEST_AUDIENCE });
  Object.assign(process.env, idp.environment());
  // Tests send thousands of requests a minute as one persona; the limit has its own test.
  process.env.RATE_LIMIT_PER_MINUTE ??= '1000000';
  // Specs engage the same person in case after case; duplicates.e2e.spec.ts turns the check on.
  process.env.INTAKE_DUPLICATE_CHECK ??= 'false';
  // A scan appending due-soon reminders would move case versions under specs that count them;
  // the reminder specs start their own scans.
  process.env.REMINDERS_ENABLED ??= 'false';
  const state = globalThis as { casetrailInfrastructure?: typeof infrastructure; casetrailIdp?: TestIdp };
  state.casetrailInfrastructure = infrastructure;
  state.casetrailIdp = idp;
  console.log(
    `\n[casetrail] Kafka ${infrastructure.kafkaBrokers}, MongoDB ${infrastructure.mongoUri} (${infrastructure.source}), OpenID Provider ${idp.issuer}`,
  );
}
