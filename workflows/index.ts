export { campaignWorkflow } from './campaign';
export { schoolTaskWorkflow } from './school-task';
export { weeklyAnalysisWorkflow, weeklyStatisticsScheduleWorkflow } from './weekly-statistics';
