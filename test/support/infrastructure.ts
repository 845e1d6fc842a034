import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export interface Infrastructure {
  readonly kafkaBrokers: string;
  readonly mongoUri: string;
  readonly source: 'environment' | 'testcontainers' | 'infra scripts';
  stop(): Promise<void>;
}

const HOW_TO_PROVIDE = [
  'Integration and e2e tests need a real Kafka broker and a MongoDB-wire database. Provide them by one of:',
  '  1. KAFKA_BROKERS=host:port and MONGODB_URI=mongodb://... in the environment;',
  '  2. a reachable Docker engine (testcontainers starts apache/kafka and mongo:7);',
  '  3. the local infrastructure: `npm run infra:up` (Java 17 + Maven for Kafka, Go + PostgreSQL for FerretDB).',
].join('\n');

const dockerAvailable = async (): Promise<boolean> => {
  if (process.env.CASETRAIL_TESTCONTAINERS === 'off') return false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
};

const fromTestcontainers = async (): Promise<Infrastructure> => {
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const { MongoDBContainer } = await import('@testcontainers/mongodb');
  const [kafka, mongo] = await Promise.all([
    new KafkaContainer('apache/kafka:3.9.1').withKraft().start(),
    new MongoDBContainer('mongo:7').start(),
  ]);
  return {
    kafkaBrokers: `${kafka.getHost()}:${kafka.getMappedPort(9093)}`,
    mongoUri: `${mongo.getConnectionString()}?directConnection=true`,
    source: 'testcontainers',
    stop: async () => {
      await Promise.all([kafka.stop(), mongo.stop()]);
    },
  };
};

const fromInfraScripts = (): Infrastructure => {
  execFileSync('bash', [join(__dirname, '..', '..', 'infra', 'infra.sh'), 'up'], { stdio: 'inherit' });
  return {
    kafkaBrokers: `127.0.0.1:${process.env.KAFKA_PORT ?? '9092'}`,
    mongoUri: `mongodb://127.0.0.1:${process.env.FERRETDB_PORT ?? '27017'}/`,
    source: 'infra scripts',
    // Left running: the next test run then starts in seconds. `npm run infra:down` stops it.
    stop: () => Promise.resolve(),
  };
};

/** Environment first, then testcontainers, then our own scripts; never a silent skip. */
export const provideInfrastructure = async (): Promise<Infrastructure> => {
  const { KAFKA_BROKERS, MONGODB_URI } = process.env;
  if (KAFKA_BROKERS && MONGODB_URI) {
    return {
      kafkaBrokers: KAFKA_BROKERS,
      mongoUri: MONGODB_URI,
      source: 'environment',
      stop: () => Promise.resolve(),
    };
  }
  try {
    return (await dockerAvailable()) ? await fromTestcontainers() : fromInfraScripts();
  } catch (error) {
    throw new Error(`${HOW_TO_PROVIDE}\n\nStarting them failed: ${(error as Error).message}`);
  }
};
