// Nest's Apollo types come from the ESM build of @apollo/server: take the plugin type from there too.
import type { ApolloServerPlugin } from '@apollo/server' with { 'resolution-mode': 'import' };
import { GRAPHIQL_ASSETS_PATH } from './graphiql-assets';

/**
 * GraphiQL at `GET /graphql` for browsers (Apollo serves a landing page to requests that accept
 * HTML; API calls are unaffected). The API key goes in the headers editor; it is not persisted
 * in the browser's storage.
 */
export function graphiqlPage(endpoint = '/graphql'): string {
  const asset = (name: string) => `${GRAPHIQL_ASSETS_PATH}/${name}`;
  const headers = JSON.stringify('{\n  "authorization": "Bearer <your API key>"\n}');
  return `<!DOCTYPE html>
<html lang="fr">
  <head>
    <meta charset="utf-8" />
    <title>Observatory API — GraphiQL</title>
    <style>body { margin: 0; } #graphiql { height: 100vh; }</style>
    <link rel="stylesheet" href="${asset('graphiql.min.css')}" />
    <script src="${asset('react.production.min.js')}"></script>
    <script src="${asset('react-dom.production.min.js')}"></script>
    <script src="${asset('graphiql.min.js')}"></script>
  </head>
  <body>
    <div id="graphiql">Chargement de GraphiQL…</div>
    <script>
      const fetcher = GraphiQL.createFetcher({ url: ${JSON.stringify(endpoint)} });
      ReactDOM.createRoot(document.getElementById('graphiql')).render(
        React.createElement(GraphiQL, {
          fetcher,
          defaultHeaders: ${headers},
          shouldPersistHeaders: false,
          defaultEditorToolsVisibility: 'headers',
        }),
      );
    </script>
  </body>
</html>
`;
}

export function graphiqlPlugin(endpoint = '/graphql'): ApolloServerPlugin {
  const html = graphiqlPage(endpoint);
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html };
        },
      };
    },
  };
}
