export { campaignWorkflow } from './campaign';
export { schoolTaskWorkflow } from './school-task';
export { schoolReportWorkflow } from './school-report';
export { chatMigrationWorkflow } from './chat-migration';
export { weeklyAnalysisWorkflow, weeklyStatisticsScheduleWorkflow } from './weekly-statistics';
export { statisticsImportUndoWorkflow } from './statistics-undo';
export { regionWorkflow } from './region';
export { schoolBatchWorkflow } from './school-batch';
