/** The browser test's front-end page and its npm files, served on an origin of its own. */
import * as path from 'node:path';
import { packageFile, serveFiles, type StaticServer } from './static-server';

const PAGE_DIR = path.resolve(__dirname, '../browser');

export function serveFormPage(): Promise<StaticServer> {
  return serveFiles({
    '/': path.join(PAGE_DIR, 'form-page.html'),
    '/form-page.js': path.join(PAGE_DIR, 'form-page.js'),
    '/vendor/react.js': packageFile('react', 'umd/react.production.min.js'),
    '/vendor/react-dom.js': packageFile('react-dom', 'umd/react-dom.production.min.js'),
    '/vendor/survey-core.js': packageFile('survey-core', 'survey.core.min.js'),
    '/vendor/survey-core-french.js': packageFile('survey-core', 'i18n/french.min.js'),
    '/vendor/survey-core.css': packageFile('survey-core', 'survey-core.fontless.min.css'),
    '/vendor/survey-react-ui.js': packageFile('survey-react-ui', 'survey-react-ui.min.js'),
  });
}
