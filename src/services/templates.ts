import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TemplateInfo } from './contract.ts';

/** templates/ at the root of the repo (and of the packaged app's resources). */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

/** Lists the starter designs. Title and description come from the file's leading comment. */
export async function listTemplates(dir = TEMPLATES_DIR): Promise<TemplateInfo[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort();
  return Promise.all(
    files.map(async (f) => {
      const text = await readFile(join(dir, f), 'utf8');
      const comments = text
        .split('\n')
        .filter((l) => l.startsWith('#') && !l.includes('yaml-language-server'))
        .map((l) => l.replace(/^#\s?/, ''));
      return {
        name: f.replace(/\.yaml$/, ''),
        title: comments[0]?.replace(/[.:].*$/, '') ?? f,
        description: comments.join(' '),
      };
    }),
  );
}

export function templatePath(name: string, dir = TEMPLATES_DIR): string {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`not a template name: ${JSON.stringify(name)}`);
  return join(dir, `${name}.yaml`);
}
