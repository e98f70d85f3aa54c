import { MEDIA_TYPES, withCharset } from './media-types';

describe('withCharset', () => {
  it.each([
    ['text/csv', MEDIA_TYPES.csv],
    ['application/x-ndjson', MEDIA_TYPES.jsonl],
    ['text/markdown', MEDIA_TYPES.markdown],
    ['text/csv; charset=utf-8', 'text/csv; charset=utf-8'],
    ['application/json', 'application/json'],
  ])('sends %j as %j', (stored, sent) => {
    expect(withCharset(stored)).toBe(sent);
  });
});
