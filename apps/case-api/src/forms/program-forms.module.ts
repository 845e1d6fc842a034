import { Module } from '@nestjs/common';
import { PublisherModule } from '@casetrail/messaging';
import { AccessModule } from '../access/access.module';
import { ProgramForms } from './program-forms.service';

/**
 * A program's own forms. Its routes (ProgramFormsController) sit in AppModule, with the other
 * routes that are not a case's; the case command handler reads the same stream on its own.
 */
@Module({
  imports: [AccessModule, PublisherModule],
  providers: [ProgramForms],
  exports: [ProgramForms],
})
export class ProgramFormsModule {}
