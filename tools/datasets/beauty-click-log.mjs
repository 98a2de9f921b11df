#!/usr/bin/env node
// Writes examples/sequential/beauty-clicks-head.csv: the first `--users` users of the shipped Amazon Beauty
// sequences (test-data/amazon-beauty/Beauty.txt, chronological item lists) in a session click log layout,
// `sessionId;userId;itemId;timeframe;eventdate` (DIGINETICA's train-item-views.csv header), one row per event.
// Beauty has no timestamps: timeframe is the event's position in its sequence (milliseconds since the session
// start, 1000 apart), eventdate a day derived from the user id; both keep the sequence order. Each user is one
// session. Deterministic, so the committed file can be checked: `node tools/datasets/beauty-click-log.mjs --check`.
// Usage: node tools/datasets/beauty-click-log.mjs [--users 1000] [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { users: { type: 'string', default: '1000' }, check: { type: 'boolean', default: false } } });
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const folder = join(root, 'test-data', 'amazon-beauty');
const target = join(root, 'examples', 'sequential', 'beauty-clicks-head.csv');
const lines = readFileSync(join(folder, 'Beauty.txt'), 'utf8').split('\n').filter((line) => line.trim() !== '').slice(0, Number(values.users));
const rows = ['sessionId;userId;itemId;timeframe;eventdate'];
for (const line of lines) {
  const [user, ...items] = line.trim().split(/\s+/);
  const day = `2016-${String(1 + (Number(user) % 12)).padStart(2, '0')}-${String(1 + (Number(user) % 28)).padStart(2, '0')}`;
  items.forEach((item, position) => rows.push(`${user};${user};${item};${position * 1000};${day}`));
}
const text = `${rows.join('\n')}\n`;
if (values.check) {
  const same = readFileSync(target, 'utf8') === text;
  process.stderr.write(same ? `${target} is up to date\n` : `${target} differs from what this script writes\n`);
  process.exit(same ? 0 : 1);
}
writeFileSync(target, text);
process.stderr.write(`wrote ${target}: ${lines.length} users, ${rows.length - 1} events\n`);
