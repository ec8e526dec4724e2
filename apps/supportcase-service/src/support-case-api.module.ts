import { Module } from '@nestjs/common';
import { SealedLog, AuditLogStore } from '@lib/audit-log';
import { AuditProofsController } from './audit-proofs/audit-proofs.controller';
import { AddCommentController } from './add-comment/add-comment.controller';
import { AddCommentHandler } from './add-comment/add-comment.handler';
import { CreateSupportCaseController } from './create-support-case/create-support-case.controller';
import { CreateSupportCaseHandler } from './create-support-case/create-support-case.handler';
import { EraseSupportCaseController } from './erase-support-case/erase-support-case.controller';
import { EraseSupportCaseHandler } from './erase-support-case/erase-support-case.handler';
import { ExportCaseHistoryController } from './export-case-history/export-case-history.controller';
import { ExportCaseHistoryHandler } from './export-case-history/export-case-history.handler';
import { GetSupportCaseController } from './get-support-case/get-support-case.controller';
import { GetSupportCaseHandler } from './get-support-case/get-support-case.handler';
import { SupportCaseAsOfHandler } from './get-support-case/support-case-as-of.handler';
import { ListSupportCasesController } from './list-support-cases/list-support-cases.controller';
import { ListSupportCasesHandler } from './list-support-cases/list-support-cases.handler';
import { RemoveCommentController } from './remove-comment/remove-comment.controller';
import { RemoveCommentHandler } from './remove-comment/remove-comment.handler';
import { SupportCaseHistoryController } from './support-case-history/support-case-history.controller';
import { SupportCaseHistoryHandler } from './support-case-history/support-case-history.handler';
import { UpdateSupportCaseController } from './update-support-case/update-support-case.controller';
import { UpdateSupportCaseHandler } from './update-support-case/update-support-case.handler';
import { SupportCaseStreams } from './streams/support-case-streams';
import { CaseErasure } from './write/case-erasure';
import { SupportCaseWriter } from './write/support-case-writer';

/** The api role: the support case and audit endpoints, their commands and queries. */
@Module({
  controllers: [
    CreateSupportCaseController,
    ListSupportCasesController,
    SupportCaseHistoryController,
    ExportCaseHistoryController,
    GetSupportCaseController,
    UpdateSupportCaseController,
    AddCommentController,
    RemoveCommentController,
    EraseSupportCaseController,
    AuditProofsController,
  ],
  providers: [
    { provide: SealedLog, inject: [AuditLogStore], useFactory: (store: AuditLogStore) => new SealedLog(store) },
    SupportCaseStreams,
    SupportCaseWriter,
    CaseErasure,
    CreateSupportCaseHandler,
    UpdateSupportCaseHandler,
    AddCommentHandler,
    RemoveCommentHandler,
    EraseSupportCaseHandler,
    GetSupportCaseHandler,
    SupportCaseAsOfHandler,
    ListSupportCasesHandler,
    SupportCaseHistoryHandler,
    ExportCaseHistoryHandler,
  ],
})
export class SupportCaseApiModule {}
