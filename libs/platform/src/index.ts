export * from './config';
export * from './infrastructure.module';
export * from './access-log.module';
export * from './outage';
export * from './protection';
export * from './sharing/disclosure-store';
export * from './sharing/disclosures';
export * from './sharing/rebuild-disclosures';
