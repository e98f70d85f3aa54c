// A minimal SurveyJS front-end on another origin than the API, as a third party would write one:
// it loads a published form from the API (with a COLLECTOR key, or, for the skills test, with only
// its one-time token through `anonymousForm`), renders it with survey-react-ui, and sends `survey.data` unchanged when the respondent completes it.
// The test gives it `window.__setup`: { api, mode: 'collector' | 'anonymous', ... }.
/* global React, ReactDOM, Survey, SurveyReact */
'use strict';

async function gql(query, variables, key) {
  const headers = { 'content-type': 'application/json' };
  if (key) headers.authorization = 'Bearer ' + key;
  const response = await fetch(window.__setup.api + '/graphql', {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

const RESULT = `__typename
  ... on SubmissionAccepted { submission { id status } }
  ... on SubmissionRejected { errors { path code message question } }`;

async function loadForm(setup) {
  if (setup.mode === 'anonymous') {
    // No API key: the token alone gives the form, its version and the cohort choices.
    const reply = await gql(
      'query ($token: String!) { anonymousForm(token: $token) { version surveyJs branches { key } respondentRoles } }',
      { token: setup.token },
    );
    return reply.data.anonymousForm;
  }
  const reply = await gql(
    'query ($key: String!) { instrument(key: $key) { latest { version surveyJs } } }',
    { key: setup.instrumentKey },
    setup.apiKey,
  );
  return reply.data.instrument.latest;
}

async function send(setup, form, answers) {
  if (setup.mode === 'anonymous') {
    // The token-only flow: the token, the cohort the respondent chose, the answers; nothing else.
    const input = Object.assign({ token: setup.token, version: form.version }, setup.cohort, {
      answers,
    });
    const reply = await gql(
      `mutation ($input: AnonymousSubmitInput!) { submitAnonymous(input: $input) { ${RESULT} } }`,
      { input },
    );
    return reply.data ? reply.data.submitAnonymous : reply;
  }
  const input = Object.assign(
    {
      clientSubmissionId: 'browser-' + setup.instrumentKey,
      instrumentKey: setup.instrumentKey,
      version: form.version,
      campaignKey: setup.campaignKey,
      answers,
    },
    setup.context,
  );
  const reply = await gql(
    `mutation ($input: SubmitInput!) { submit(input: $input) { ${RESULT} } }`,
    { input },
    setup.apiKey,
  );
  return reply.data ? reply.data.submit : reply;
}

async function start() {
  const setup = window.__setup;
  const form = await loadForm(setup);
  const survey = new Survey.Model(form.surveyJs);
  window.survey = survey;
  survey.onComplete.add(async (sender) => {
    const result = await send(setup, form, sender.data);
    window.__result = result;
    document.getElementById('result').textContent = JSON.stringify(result);
  });
  ReactDOM.createRoot(document.getElementById('root')).render(
    React.createElement(SurveyReact.Survey, { model: survey }),
  );
}

start().catch((error) => {
  window.__result = { error: String(error) };
  document.getElementById('result').textContent = String(error);
});
