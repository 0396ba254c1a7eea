// The quick-pick items of TARS: List Improvements and what choosing one offers.
import { ImprovementSummary } from './protocol';

export interface ImprovementItem {
  label: string;
  description: string;
  detail: string;
  improvementId: string;
}

export type ImprovementAction = 'execute' | 'dryRun' | 'show';

export function improvementItems(improvements: ImprovementSummary[]): ImprovementItem[] {
  return improvements.map((i) => ({
    label: i.title || i.id,
    description: [i.source, i.status].filter(Boolean).join(' · '),
    detail: `${i.id}: ${i.files.join(', ')}`,
    improvementId: i.id,
  }));
}

export const improvementActions: { label: string; action: ImprovementAction }[] = [
  { label: 'Execute', action: 'execute' },
  { label: 'Dry Run', action: 'dryRun' },
  { label: 'Show', action: 'show' },
];

export function renderImprovement(i: ImprovementSummary): string {
  return [`${i.title} (${i.id})`, `  source: ${i.source}`, `  status: ${i.status}`, '  files:', ...i.files.map((f) => `    ${f}`)].join('\n') + '\n';
}
