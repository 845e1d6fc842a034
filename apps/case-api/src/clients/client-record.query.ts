import { IsIn, IsOptional } from 'class-validator';

export const EPISODE_STATUSES = ['open', 'closed', 'all'] as const;

/** Which of a client's episodes to list: all of them unless asked (numbering counts all either way). */
export class ClientRecordQuery {
  @IsOptional() @IsIn(EPISODE_STATUSES) status?: (typeof EPISODE_STATUSES)[number];
}
