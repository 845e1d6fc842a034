import { provideInfrastructure } from './infrastructure';

// Runs once per jest project before its workers start; workers inherit the environment set here.
export default async function globalSetup(): Promise<void> {
  const infrastructure = await provideInfrastructure();
  process.env.KAFKA_BROKERS = infrastructure.kafkaBrokers;
  process.env.MONGODB_URI = infrastructure.mongoUri;
  (globalThis as { casetrailInfrastructure?: typeof infrastructure }).casetrailInfrastructure =
    infrastructure;
  console.log(
    `\n[casetrail] Kafka ${infrastructure.kafkaBrokers}, MongoDB ${infrastructure.mongoUri} (${infrastructure.source})`,
  );
}
