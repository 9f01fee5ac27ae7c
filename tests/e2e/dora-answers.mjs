// The DORA lab the e2e tests complete, and what a learner types in it step by step (its
// reference solution), shared by run.mjs and offline.mjs.
export const LAB = 'dora-four-keys';

export const RIGHT = {
  2: { deployments_per_week: '2' },
  3: { lead_time_hours: '20' },
  4: { change_fail_rate: '25', rework_rate: '12.5' },
  5: { recovery_hours: '2,25' }, // a decimal comma, as many learners type it
  6: {
    level_deployment_frequency: 'high',
    level_lead_time: 'elite',
    level_change_fail_rate: 'high',
    level_recovery_time: 'high',
    level_overall: 'high',
  },
};
