// The quick-pick items of TARS: Roll Back: the whole execution, one transaction, or one file.
import { RollbackScope } from './commandArgs';
import { ContextDetail } from './protocol';

export interface RollbackItem {
  label: string;
  description: string;
  scope: RollbackScope;
}

export function rollbackItems(detail: ContextDetail): RollbackItem[] {
  const items: RollbackItem[] = [
    {
      label: `All changes of ${detail.contextId}`,
      description: `${detail.improvementId}, ${count(detail.files.length, 'file')}`,
      scope: { kind: 'all' },
    },
  ];
  if (detail.transactions.length > 1) {
    for (const t of detail.transactions)
      items.push({
        label: t.name ? `Transaction ${t.name}` : `Transaction ${t.id}`,
        description: `${t.name ? `${t.id}, ` : ''}${t.status}: ${t.files.join(', ')}`,
        scope: { kind: 'transaction', transactionId: t.id },
      });
  }
  for (const f of detail.files)
    items.push({
      label: `File ${f.newPath ?? f.path}`,
      description: `${f.kind}, ${f.state}`,
      scope: { kind: 'file', path: f.newPath ?? f.path },
    });
  return items;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

// One line for the user after a rollback or reject.
export function describeRollback(report: { status: string; restored: string[]; conflicts: string[]; savedBackups: string[] }): string {
  const parts = [`TARS: ${report.status.replace(/_/g, ' ')}`];
  if (report.restored.length > 0) parts.push(`restored ${report.restored.join(', ')}`);
  if (report.conflicts.length > 0) parts.push(`conflicts: ${report.conflicts.join('; ')}`);
  if (report.savedBackups.length > 0) parts.push(`your edits saved to ${report.savedBackups.join(', ')}`);
  return parts.join(' · ');
}
