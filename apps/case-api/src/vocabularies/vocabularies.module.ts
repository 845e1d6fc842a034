import { Module } from '@nestjs/common';
import { PublisherModule } from '@casetrail/messaging';
import { AccessModule } from '../access/access.module';
import { Vocabularies } from './vocabularies.service';

/**
 * The agency's own words, read by the case command handler to check codes. Its routes
 * (VocabulariesController) sit in AppModule, with the other routes that are not a case's.
 */
@Module({
  imports: [AccessModule, PublisherModule],
  providers: [Vocabularies],
  exports: [Vocabularies],
})
export class VocabulariesModule {}
