/**
 * The custom elements manifest as tools (IDEs, Storybook, the README
 * reference) read it: built by the same code as `npm run build`, then checked
 * against the elements' sources.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { writeManifest } from '../../scripts/build.js';

interface Item {
  name: string;
  description?: string;
  type?: { text?: string };
}
interface Declaration {
  kind: string;
  name: string;
  tagName?: string;
  customElement?: boolean;
  events?: Item[];
  cssParts?: Item[];
}
interface Manifest {
  modules: { path: string; declarations?: Declaration[]; exports?: { kind: string; name: string; declaration: { name: string } }[] }[];
}

const root = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;
let manifest: Manifest;
let elements: Declaration[];

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'invite-cem-'));
  manifest = JSON.parse(readFileSync(writeManifest(dir), 'utf8')) as Manifest;
  elements = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement);
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('the manifest defines exactly the three elements, nothing from the define helper', () => {
  const definitions = manifest.modules.flatMap((m) => m.exports ?? []).filter((e) => e.kind === 'custom-element-definition');
  assert.deepEqual(definitions.map((d) => `${d.name} → ${d.declaration.name}`).sort(), [
    'invite-inbox → InviteInbox',
    'invite-prompt → InvitePrompt',
    'invite-scope-admin → InviteScopeAdmin',
  ]);
  assert.deepEqual(elements.map((e) => e.tagName).sort(), ['invite-inbox', 'invite-prompt', 'invite-scope-admin']);
});

test('every event of every element has a dashed name, a type and a description', () => {
  for (const el of elements) {
    assert.ok(el.events?.length, `${el.tagName} documents events`);
    for (const e of el.events) {
      assert.match(e.name ?? '', /^invite-[a-z-]+$/, `${el.tagName}: event name ${e.name}`);
      assert.match(e.type?.text ?? '', /^Invite\w+Event$/, `${el.tagName}: type of ${e.name}`);
      assert.ok(e.description?.trim(), `${el.tagName}: description of ${e.name}`);
    }
  }
});

test('every part an element renders is documented, "Select all" on the checkbox part', () => {
  for (const el of elements) {
    const folder = join(root, 'src/elements', el.tagName!.replace(/^invite-/, ''));
    const rendered = new Set(
      readdirSync(folder)
        .filter((f) => f.endsWith('.ts'))
        .flatMap((f) => [...readFileSync(join(folder, f), 'utf8').matchAll(/\spart="([a-z-]+)"/g)].map((m) => m[1]!)),
    );
    const documented = new Map((el.cssParts ?? []).map((p) => [p.name, p.description ?? '']));
    for (const part of rendered) assert.ok(documented.get(part)?.trim(), `${el.tagName}: part "${part}" documented`);
  }
  const inbox = elements.find((e) => e.tagName === 'invite-inbox')!;
  assert.match(inbox.cssParts!.find((p) => p.name === 'checkbox')!.description!, /Select all/);
});
