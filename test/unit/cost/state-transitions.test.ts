import { describe, expect, it } from 'vitest';
import { transitionsOf } from '../../cost/state-transitions.ts';

describe('transitionsOf', () => {
  it('counts each state entered and each retry of a Task as a transition', () => {
    // Prepare: a Task tried twice, then a Succeed state
    const events = [
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskFailed',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ].map((type) => ({ type }));

    // Act
    const counted = transitionsOf(events);

    // Assess
    expect(counted).toEqual({ transitions: 3, retries: 1 });
  });

  it('counts the states of every Map iteration', () => {
    // Prepare: a Map of two iterations, each one Task
    const events = [
      'MapStateEntered',
      'MapIterationStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'MapIterationStarted',
      'TaskStateEntered',
      'TaskScheduled',
    ].map((type) => ({ type }));

    // Assess
    expect(transitionsOf(events)).toEqual({ transitions: 3, retries: 0 });
  });
});
