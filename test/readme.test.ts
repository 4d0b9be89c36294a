/**
 * The README stays true: its generated tables match the registries, it gives exactly the two set-up
 * commands, and every TypeScript snippet in it type-checks against the library.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { renderReadme } from '../scripts/readme';

const root = join(__dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

test('the generated tables are up to date (run npm run readme)', () => {
  expect(renderReadme(readme)).toBe(readme);
});

test('the set-up section gives exactly the two commands', () => {
  const setup = readme.split('## Set up')[1].split('\n## ')[0];
  const commands = setup.match(/```sh\n([\s\S]*?)```/)![1].trim().split('\n');
  expect(commands).toEqual(['npm ci && npm run synth', 'npm test']);
});

test('every TypeScript snippet type-checks', () => {
  const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  expect(snippets.length).toBeGreaterThanOrEqual(3);
  const dir = join(root, 'test', '.snippets');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // each snippet is its own module (the export keeps top-level names apart)
  const files = snippets.map((code, i) => {
    const file = join(dir, `snippet-${i}.ts`);
    writeFileSync(file, `${code}\nexport {};\n`);
    return file;
  });
  try {
    const configPath = join(root, 'tsconfig.json');
    const config = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, root);
    const program = ts.createProgram(files, { ...config.options, noEmit: true, noUnusedLocals: false });
    const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.file && files.includes(d.file.fileName));
    const messages = diagnostics.map((d) => `${d.file!.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(messages).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
