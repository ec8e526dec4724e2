import { Module, type DynamicModule } from '@nestjs/common';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { SupportCaseStreams } from '../streams/support-case-streams';
import { CaseErasure } from '../write/case-erasure';
import { SupportCaseWriter } from '../write/support-case-writer';
import { RetentionRole } from './retention.role';

/** The retention role, with the writer it erases through: it runs with or without the api role. */
@Module({})
export class RetentionModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: RetentionModule,
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        RetentionRole,
        CaseErasure,
        SupportCaseWriter,
        SupportCaseStreams,
      ],
      exports: [RetentionRole],
    };
  }
}
