import { describeTransportContract } from '../testing/transport.contract';
import { InProcessTransport } from './in-process-transport';

describeTransportContract('in process', () => Promise.resolve(new InProcessTransport()));
