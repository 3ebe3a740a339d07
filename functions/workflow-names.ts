/**
 * The workflows' names, and which one a due milestone or timer starts: apart from the catalog, so the
 * functions that start workflows carry these few names and not the whole catalog.
 */

export const workflowNames = [
  'launch-transfer',
  'close-election',
  'complete-transfer',
  'send-election-reminders',
  'remind-liability-information',
  'notify-date-change',
  'cancel-transfer',
  'open-consultation',
  'remind-consultation',
  'close-consultation',
  'notify-consultation-outcome',
  'send-renewal-reminder',
  'escalate-renewal',
  'remove-personal-data',
  'open-representative-nominations',
  'open-representative-ballot',
  'count-representative-votes',
  'remind-representations',
  'build-evidence-pack',
] as const;
export type WorkflowName = (typeof workflowNames)[number];

/** Which workflow a due milestone starts. Milestones without a workflow here are reminders (later). */
export const milestoneWorkflows = {
  'election-reminder': 'send-election-reminders',
  'liability-information-reminder': 'remind-liability-information',
  'liability-information-due': 'remind-liability-information',
  'election-closes': 'close-election',
  'transfer-day': 'complete-transfer',
  'representations-reminder': 'remind-representations',
} as const satisfies Record<string, WorkflowName>;

/** Which workflow a due consultation or contract timer starts (see functions/domain/timer.ts). */
export const timerWorkflows = {
  'consultation-opens': 'open-consultation',
  'consultation-reminder': 'remind-consultation',
  'consultation-closes': 'close-consultation',
  'renewal-reminder': 'send-renewal-reminder',
  'renewal-escalation': 'escalate-renewal',
  'representative-nominations-close': 'open-representative-ballot',
  'representative-ballot-closes': 'count-representative-votes',
} as const satisfies Record<string, WorkflowName>;
