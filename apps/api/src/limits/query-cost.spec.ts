import { buildSchema, parse } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { operationCost } from './query-cost';

const schema = buildSchema(`
  scalar JSON
  input SubmitInput { id: ID!, answers: JSON! }
  type Item { x: Int, y: Int }
  type Query {
    aggregate(n: Int!): [Item]
    item(n: Int): Item
    plain: Int
  }
  type Mutation { submit(input: SubmitInput!): Item }
`);

/** What the plugin computed before costs were kept per document: the whole walk every time. */
const walked = (query: string, variables?: Record<string, unknown>, operationName?: string) =>
  getComplexity({
    schema,
    query: parse(query),
    variables,
    operationName,
    estimators: [
      ({ type, field, childComplexity }) =>
        ((({ 'Query.aggregate': 200, 'Mutation.submit': 10 }) as Record<string, number>)[
          `${type.name}.${field.name}`
        ] ?? 1) + childComplexity,
    ],
  });

describe('operationCost', () => {
  const submit = `mutation ($input: SubmitInput!) { submit(input: $input) { x y } }`;
  const fits = { input: { id: '1', answers: { a: [1, 2] } } };

  it('prices a document as the whole walk does, the first time and every time after', () => {
    for (const [query, variables] of [
      [submit, fits],
      ['{ a: aggregate(n: 1) { x } b: aggregate(n: 2) { x y } plain }', undefined],
      ['query ($n: Int) { item(n: $n) { x } }', { n: 3 }],
    ] as const) {
      const document = parse(query);
      const expected = walked(query, variables);
      for (let i = 0; i < 3; i++) {
        expect(operationCost(schema, document, variables, undefined)).toBe(expected);
      }
    }
  });

  it('refuses variables that do not fit on every request, priced before or not', () => {
    const document = parse(submit);
    expect(operationCost(schema, document, fits, undefined)).toBe(walked(submit, fits));
    for (const wrong of [{}, { input: { answers: {} } }, { input: { id: {}, answers: 1 } }]) {
      expect(() => operationCost(schema, document, wrong, undefined)).toThrow();
      expect(() => walked(submit, wrong)).toThrow();
    }
  });

  it('prices per operation name', () => {
    const query = 'query A { plain } query B { a: aggregate(n: 1) { x } b: plain }';
    const document = parse(query);
    expect(operationCost(schema, document, undefined, 'A')).toBe(walked(query, undefined, 'A'));
    expect(operationCost(schema, document, undefined, 'B')).toBe(walked(query, undefined, 'B'));
    expect(operationCost(schema, document, undefined, 'A')).toBe(1);
  });

  it('walks again a document whose cost depends on its variables', () => {
    const query = 'query ($big: Boolean!) { plain aggregate(n: 1) @include(if: $big) { x } }';
    const document = parse(query);
    expect(operationCost(schema, document, { big: true }, undefined)).toBe(202);
    expect(operationCost(schema, document, { big: false }, undefined)).toBe(1);
    expect(operationCost(schema, document, { big: true }, undefined)).toBe(202);
  });

  it('walks again a document with a default value, which an explicit null can break', () => {
    const query = 'query ($n: Int = 1) { aggregate(n: $n) { x } }';
    const document = parse(query);
    expect(operationCost(schema, document, {}, undefined)).toBe(walked(query, {}));
    expect(() => walked(query, { n: null })).toThrow();
    expect(() => operationCost(schema, document, { n: null }, undefined)).toThrow();
  });
});
