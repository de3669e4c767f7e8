/**
 * Angular as a host, installed from the packed tarball: `CUSTOM_ELEMENTS_SCHEMA`
 * for the tags, `(invite-accepted)="onAccepted($event)"` typed through the
 * package's `HTMLElementEventMap` under `strictTemplates` (the compiler must
 * reject a handler for another event), built by the CLI's esbuild application
 * builder and accepting in Chromium behind the proxy.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { bin, createApp, strictCompilerOptions } from './support/web-app.js';
import { acceptInChromium, errorsIn } from './support/web-spa.js';

/**
 * The current major (22) needs Node ^22.22.3 / ^24.15 / >=26 and TypeScript 6.0;
 * on an older Node, the major before it, which wants TypeScript 5.9.
 */
function angularVersions(): { angular: string; typescript: string } {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const current = (major === 22 && minor >= 22) || (major === 24 && minor >= 15) || major >= 26;
  return current ? { angular: '^22', typescript: '~6.0' } : { angular: '^21', typescript: '~5.9' };
}

const component = (name: string, handler: string, type: string) => `
import { CUSTOM_ELEMENTS_SCHEMA, Component, signal } from '@angular/core';
import type { ${type} } from 'invite-inbox';

@Component({
  selector: 'app-${name}',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: \`
    <invite-inbox endpoint="/api/invitations" (invite-accepted)="${handler}($event)"></invite-inbox>
    <p id="host-joined">{{ joined().join(', ') }}</p>
  \`,
})
export class ${name === 'root' ? 'AppComponent' : 'WrongComponent'} {
  readonly joined = signal<string[]>([]);

  onAccepted(event: InviteAcceptedEvent): void {
    this.joined.set(event.accepted.map((invitation) => invitation.scope.name));
  }

  onLoad(event: InviteLoadEvent): void {
    this.joined.set(event.invitations.map((invitation) => invitation.scope.name));
  }
}
`;

const files = {
  'angular.json': JSON.stringify(
    {
      version: 1,
      cli: { analytics: false, cache: { enabled: false } },
      projects: {
        app: {
          projectType: 'application',
          root: '',
          sourceRoot: 'src',
          architect: {
            build: {
              builder: '@angular/build:application',
              options: {
                outputPath: 'dist',
                index: 'src/index.html',
                browser: 'src/main.ts',
                tsConfig: 'tsconfig.json',
                optimization: true,
              },
            },
          },
        },
      },
    },
    null,
    2,
  ),
  'src/index.html':
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Angular host</title><base href="/"></head><body><app-root></app-root></body></html>\n',
  'src/main.ts': `
import 'invite-inbox';
import { provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { AppComponent } from './app.component';

bootstrapApplication(AppComponent, { providers: [provideZonelessChangeDetection()] }).catch((err: unknown) =>
  console.error(err),
);
`,
  'src/app.component.ts': component('root', 'onAccepted', 'InviteAcceptedEvent, InviteLoadEvent'),
  // Misuse the template checker must catch: a handler for another event.
  'src/wrong.component.ts': component('wrong', 'onLoad', 'InviteAcceptedEvent, InviteLoadEvent'),
  'tsconfig.json': JSON.stringify(
    {
      compilerOptions: { ...strictCompilerOptions, noEmit: undefined, module: 'ES2022', types: [] },
      files: ['src/main.ts'],
      angularCompilerOptions: { strictTemplates: true, strictInjectionParameters: true, strictInputAccessModifiers: true },
    },
    null,
    2,
  ),
  'tsconfig.wrong.json': JSON.stringify({
    extends: './tsconfig.json',
    compilerOptions: { noEmit: true },
    files: ['src/main.ts', 'src/wrong.component.ts'],
  }),
};

let app = '';

before(async () => {
  const { angular, typescript } = angularVersions();
  app = await createApp('angular-host', files, {
    '@angular/build': angular,
    '@angular/cli': angular,
    '@angular/common': angular,
    '@angular/compiler': angular,
    '@angular/compiler-cli': angular,
    '@angular/core': angular,
    '@angular/platform-browser': angular,
    rxjs: '^7',
    tslib: '^2',
    typescript,
  });
});

test('strictTemplates types (invite-accepted) $event: a handler for another event does not compile', { timeout: 3 * 60_000 }, async () => {
  const { code, stdout, stderr } = await bin(
    app,
    '@angular/compiler-cli',
    'bundles/src/bin/ngc.js',
    ['-p', 'tsconfig.wrong.json', '--pretty', 'false'],
    { allowFailure: true },
  );
  const output = stdout + stderr;
  assert.notEqual(code, 0, output);
  const wrong = errorsIn(output, 'wrong.component.ts');
  assert.equal(wrong.length, 1, output);
  assert.match(wrong[0]!, /'InviteAcceptedEvent' is not assignable to parameter of type 'InviteLoadEvent'/);
});

test('ng build (strict templates), then cards and an accept in Chromium', { timeout: 5 * 60_000 }, async () => {
  await bin(app, '@angular/cli', 'bin/ng.js', ['build']);
  await acceptInChromium(app, join(app, 'dist', 'browser'));
});
