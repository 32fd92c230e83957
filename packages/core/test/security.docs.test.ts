// The permission and command tables in docs/privacy.md and docs/security.md are what a security
// reviewer reads; these tests hold them to the code (DEFAULT_ROLE_PERMISSIONS) and to the matrix
// security.walk.test.ts proves through a real client, so neither can drift from the other.
//
//   node --import tsx --test packages/core/test/security.docs.test.ts
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { COMMAND_TYPES, DEFAULT_ROLE_PERMISSIONS, PERMISSIONS, ROLES } from '@floorwalk/core';
import { ALLOWED, EXPECTED, REVEAL } from './security-matrix.js';

const docs = new URL('../../../docs/', import.meta.url);

interface Row {
  /** The first backticked name in the row's first cell. */
  readonly name: string;
  /** One cell per role, in ROLES order. */
  readonly cells: readonly string[];
}

/**
 * The rows of the first table under `heading` whose first cell names something in backticks.
 * The header must list the roles in ROLES order, so a reordered column cannot pass unnoticed.
 */
function tableUnder(file: string, heading: string): Row[] {
  const text = readFileSync(new URL(file, docs), 'utf8');
  const start = text.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `${file} has the heading "${heading}"`);
  const lines = text.slice(start + heading.length + 2).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const table = lines.slice(first, lines.findIndex((line, i) => i > first && !line.startsWith('|')));
  const header = table[0]?.split('|').slice(2, -1).map((cell) => cell.trim());
  assert.deepEqual(header, [...ROLES], `${file}: the columns after the first are the roles in order`);
  return table.slice(2).flatMap((line) => {
    const cells = line.split('|').slice(1, -1).map((cell) => cell.trim());
    const name = /`([^`]+)`/.exec(cells[0] ?? '')?.[1];
    return name === undefined ? [] : [{ name, cells: cells.slice(1) }];
  });
}

test('docs/privacy.md: the permission table is DEFAULT_ROLE_PERMISSIONS, one row per permission', () => {
  const rows = tableUnder('privacy.md', '## Roles and permissions');
  assert.deepEqual(rows.map((r) => r.name).sort(), [...PERMISSIONS].sort(), 'every permission has exactly one row');
  for (const row of rows) {
    ROLES.forEach((role, i) => {
      const documented = (row.cells[i] ?? '').startsWith('✓');
      const granted = DEFAULT_ROLE_PERMISSIONS[role].includes(row.name as never);
      assert.equal(documented, granted, `${row.name} for ${role}: the page says ${documented ? 'granted' : 'not granted'}`);
    });
  }
});

test('docs/security.md: the commands-by-role table is the walked matrix, one row per command', () => {
  const rows = tableUnder('security.md', '## Commands by role');
  const expected: Record<string, Record<string, string | number>> = { ...EXPECTED, revealCustomerField: REVEAL };
  assert.deepEqual(rows.map((r) => r.name).sort(), [...COMMAND_TYPES, 'revealCustomerField'].sort(), 'every command has exactly one row');
  for (const row of rows) {
    ROLES.forEach((role, i) => {
      const cell = row.cells[i] ?? '';
      assert.notEqual(cell, '', `${row.name} for ${role}: an empty cell decides nothing`);
      const documented = cell.startsWith('✗') ? 'refused' : 'allowed';
      const walked = expected[row.name]?.[role] === ALLOWED ? 'allowed' : 'refused';
      assert.equal(documented, walked, `${row.name} for ${role}: the page says ${documented}, the walk proves ${walked}`);
    });
  }
});
