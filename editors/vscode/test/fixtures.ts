// Replies of tars-lsp as recorded from the real server, for the unit tests.
import { ContextDetail, ContextSummary, ReviewReply } from '../src/protocol';

export function summary(overrides: Partial<ContextSummary> = {}): ContextSummary {
  return {
    contextId: 'ctx-1',
    improvementId: 'use-sum',
    status: 'awaiting_review',
    mode: 'real',
    message: '',
    progress: { done: 3, total: 3, percent: 100, currentStep: '' },
    createdAt: '2026-11-24T10:00:00.000Z',
    ...overrides,
  };
}

export function detail(overrides: Partial<ContextDetail> = {}): ContextDetail {
  return {
    ...summary(),
    transactions: [{ id: 'tx-1', status: 'committed', files: ['calc.py'] }],
    files: [{ path: 'calc.py', kind: 'modify', state: 'applied', transactionId: 'tx-1' }],
    validation: [],
    logs: [],
    ...overrides,
  };
}

export const review: ReviewReply = {
  contextId: 'ctx-1',
  files: [
    {
      uri: 'file:///ws/calc.py',
      path: 'calc.py',
      originalPath: 'calc.py',
      state: 'applied',
      original: 'total = 0\n',
      current: 'return sum(values)\n',
      diff: '--- a/calc.py\n+++ b/calc.py\n@@ -1 +1 @@\n-total = 0\n+return sum(values)\n',
    },
    {
      uri: 'file:///ws/docs/new%20file.md',
      path: 'docs/new file.md',
      originalPath: 'docs/new file.md',
      state: 'applied',
      original: '',
      current: '# new\n',
      diff: '--- /dev/null\n+++ b/docs/new file.md\n@@ -0,0 +1 @@\n+# new\n',
    },
    {
      uri: 'file:///ws/old.py',
      path: 'old.py',
      originalPath: 'old.py',
      state: 'applied',
      original: 'x = 1\n',
      current: '',
      diff: '--- a/old.py\n+++ /dev/null\n@@ -1 +0,0 @@\n-x = 1\n',
    },
  ],
};
