import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthModule, resolveAuthSecret } from '@lib/auth';
import { AddCommentController } from './add-comment/add-comment.controller';
import { AddCommentHandler } from './add-comment/add-comment.handler';
import { SERVICE_CONFIG, type ServiceConfig } from './config/service-config';
import { CreateSupportCaseController } from './create-support-case/create-support-case.controller';
import { CreateSupportCaseHandler } from './create-support-case/create-support-case.handler';
import { GetSupportCaseController } from './get-support-case/get-support-case.controller';
import { GetSupportCaseHandler } from './get-support-case/get-support-case.handler';
import { SupportCaseAsOfHandler } from './get-support-case/support-case-as-of.handler';
import { ListSupportCasesController } from './list-support-cases/list-support-cases.controller';
import { ListSupportCasesHandler } from './list-support-cases/list-support-cases.handler';
import { ReadModelProjector } from './projector/read-model-projector';
import { KafkaRelayRole } from './relay/kafka-relay.role';
import { RemoveCommentController } from './remove-comment/remove-comment.controller';
import { RemoveCommentHandler } from './remove-comment/remove-comment.handler';
import { StoresModule } from './stores/stores.module';
import { SupportCaseHistoryController } from './support-case-history/support-case-history.controller';
import { SupportCaseHistoryHandler } from './support-case-history/support-case-history.handler';
import { SupportCaseRepository } from './support-case/support-case.repository';
import { UpdateSupportCaseController } from './update-support-case/update-support-case.controller';
import { UpdateSupportCaseHandler } from './update-support-case/update-support-case.handler';

@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        AuthModule.forRoot({ secret: resolveAuthSecret({ authSecret: config.authSecret, dataDir: config.dataDir }) }),
        StoresModule.forRoot(config),
      ],
      controllers: [
        CreateSupportCaseController,
        ListSupportCasesController,
        SupportCaseHistoryController,
        GetSupportCaseController,
        UpdateSupportCaseController,
        AddCommentController,
        RemoveCommentController,
      ],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        SupportCaseRepository,
        ReadModelProjector,
        ...(config.kafka ? [KafkaRelayRole] : []),
        CreateSupportCaseHandler,
        UpdateSupportCaseHandler,
        AddCommentHandler,
        RemoveCommentHandler,
        GetSupportCaseHandler,
        SupportCaseAsOfHandler,
        ListSupportCasesHandler,
        SupportCaseHistoryHandler,
      ],
    };
  }
}
