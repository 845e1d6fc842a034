import { MongoClient } from 'mongodb';
import { MongoEventStore } from '@casetrail/event-store';
import { appendLoad } from './append.bench';

/** One case-API instance's appends, in a process of its own: started by `appendScaling`. */
const main = async (): Promise<void> => {
  const env = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set`);
    return value;
  };
  const client = await new MongoClient(env('BENCH_MONGODB_URI')).connect();
  const store = await new MongoEventStore(client.db(env('BENCH_DATABASE')), env('BENCH_COLLECTION')).init();
  const appends = Number(env('BENCH_APPENDS'));
  const writers = Number(env('BENCH_WRITERS'));
  process.send?.({ type: 'ready' });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  // As many streams as appends in flight, times a few: appends to one stream never race here.
  await appendLoad([store], appends, writers, writers * 8);
  process.send?.({ type: 'done' });
  await store.close();
  await client.close();
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
