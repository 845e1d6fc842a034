import { describeReadModelStoreContract } from '../testing/read-model-store.contract';
import { InMemoryReadModelStore } from './in-memory-read-model-store';

describeReadModelStoreContract('in memory', () => Promise.resolve(new InMemoryReadModelStore()));
