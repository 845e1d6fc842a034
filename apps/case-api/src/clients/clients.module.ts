import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { ClientErasures } from './client-erasures.service';
import { ClientMerges } from './client-merges.service';
import { ClientSearch } from './client-search.service';
import { ClientsController } from './clients.controller';

/**
 * What is done about a client rather than one case: erasing their data, finding them again. The
 * receipts an erasure records go through the command bus, to the cases' one handler.
 */
@Module({
  imports: [AccessModule],
  controllers: [ClientsController],
  providers: [ClientErasures, ClientSearch, ClientMerges],
})
export class ClientsModule {}
