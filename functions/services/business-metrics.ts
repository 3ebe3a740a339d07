/**
 * What the services count as it happens, as plain names and numbers (functions/observability.ts turns them
 * into CloudWatch metrics; tests record them). A service gets `recordMetric` as a dependency, like its clock.
 */
export const businessMetrics = {
  /** An email SES accepted; not one a repeated step found sent already. */
  EmailsSent: 'Count',
  /** A pension choice a member of staff made, recorded (a changed choice counts again; a default does not). */
  ElectionsRecorded: 'Count',
  /** A failed workflow run written to its transfer, consultation or contract by a record-failure step. */
  WorkflowFailures: 'Count',
  /** How late the oldest due milestone or timer a sweep started was (see functions/services/sweep.ts). */
  SweepLag: 'Seconds',
} as const;

export type BusinessMetric = keyof typeof businessMetrics;

export type RecordMetric = (metric: BusinessMetric, value: number) => void;
