import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

const root = resolve(__dirname, '..');
const read = (file: string) => readFileSync(resolve(root, file), 'utf8');

interface ComposeService {
  build?: string;
  image?: string;
  environment?: Record<string, string>;
}

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml')) as { services: Record<string, ComposeService> };

  it('builds every service from the repository Dockerfile or names an image', () => {
    for (const service of Object.values(compose.services)) {
      expect(service.build ?? service.image).toBeDefined();
      if (service.build) expect(existsSync(resolve(root, service.build, 'Dockerfile'))).toBe(true);
    }
  });

  it('sets only variables the README documents', () => {
    const readme = read('README.md');
    const variables = Object.values(compose.services).flatMap((service) => Object.keys(service.environment ?? {}));
    for (const variable of variables) expect(readme).toContain(`| \`${variable}\` |`);
  });
});
