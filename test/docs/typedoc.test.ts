/**
 * `npm run docs` stays clean: TypeDoc, with typedoc.json (warnings are errors there), converts and
 * validates every entry point without a warning or an error. Nothing is written (`emit: none`).
 */
import { resolve } from 'node:path';
import { Application, LogLevel } from 'typedoc';
import { expect, it } from 'vitest';
import { root } from './tsdoc-exports.js';

it('TypeDoc reports no errors or warnings', { timeout: 180_000 }, async () => {
  const app = await Application.bootstrapWithPlugins({
    options: resolve(root, 'typedoc.json'),
    emit: 'none',
  });
  const messages: string[] = [];
  const log = app.logger.log.bind(app.logger);
  app.logger.log = (message, level) => {
    if (level >= LogLevel.Warn) messages.push(`${LogLevel[level]}: ${message}`);
    log(message, level);
  };
  const project = await app.convert();
  expect(project, 'TypeDoc could not convert the project').toBeDefined();
  app.validate(project!);
  expect(messages, messages.join('\n')).toEqual([]);
  expect(app.logger.errorCount + app.logger.warningCount).toBe(0);
});
