export { campaignWorkflow } from './campaign';
export { schoolTaskWorkflow } from './school-task';
