import type { DatasetProfile, InteractionProfile, ReadReport } from '@recnas/data-loaders';

const percent = (value: number) => `${(100 * value).toFixed(2)}%`;

function formatBadRows(report: ReadReport): string[] {
  const reasons = Object.entries(report.badRowsByReason);
  if (reasons.length === 0) return ['bad rows:   0'];
  return [
    `bad rows:   ${report.badRows} of ${report.rowsRead} (${percent(report.badRows / report.rowsRead)})`,
    ...reasons.map(([reason, count]) => {
      const lines = report.firstBadLines[reason as keyof ReadReport['firstBadLines']] ?? [];
      return `  ${reason}: ${count} (first at lines ${lines.join(', ')})`;
    }),
  ];
}

/** Human-readable profile of a CTR file: summary lines, then one line per field. */
export function formatCtrProfile(profile: DatasetProfile): string {
  const width = Math.max(5, ...profile.fields.map((field) => field.name.length));
  const rows = profile.fields.map(
    (field) =>
      `  ${field.name.padEnd(width)}  ${field.kind.padEnd(11)}  ${percent(field.missingRate).padStart(7)}  ${`${field.cardinalityExact ? '' : '~'}${field.cardinality}`.padStart(9)}`,
  );
  return [
    `file:       ${profile.path}`,
    `rows:       ${profile.rows}`,
    `label rate: ${Number.isNaN(profile.labelRate) ? 'n/a (no label)' : profile.labelRate.toFixed(4)}`,
    ...formatBadRows(profile.report),
    '',
    `  ${'field'.padEnd(width)}  ${'kind'.padEnd(11)}  ${'missing'.padStart(7)}  ${'distinct'.padStart(9)}`,
    ...rows,
    '',
    '(~ marks a HyperLogLog estimate; distinct categorical values are counted after hashing into the vocabulary)',
    '',
  ].join('\n');
}

/** Human-readable profile of an interaction log. */
export function formatInteractionProfile(profile: InteractionProfile): string {
  return [
    `file:            ${profile.path}`,
    `interactions:    ${profile.rows}`,
    `users:           ${profile.users}`,
    `items:           ${profile.items}`,
    `events per user: min ${profile.eventsPerUser.min}, mean ${profile.eventsPerUser.mean.toFixed(2)}, max ${profile.eventsPerUser.max}`,
    `short users:     ${profile.shortUserCount} with fewer than 3 events (no validation or test item under leave-one-out)`,
    `no timestamp:    ${percent(profile.missingTimestampRate)}`,
    ...formatBadRows(profile.report),
    '',
  ].join('\n');
}
