import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '@observatory/auth';
import { INSTRUMENT_DEFINITION_SCHEMA, type JsonObject } from '@observatory/instrument-sdk';

/** Where the service serves the definition language's JSON Schema (`$schema` of version files). */
export const INSTRUMENT_DEFINITION_SCHEMA_PATH = 'schemas/instrument-definition.json';

/**
 * The JSON Schema of instrument definitions, as published in @observatory/instrument-sdk, at a
 * stable URL an editor can fetch without a key: it describes the language, not any data.
 */
@Controller()
export class InstrumentSchemaController {
  @Get(INSTRUMENT_DEFINITION_SCHEMA_PATH)
  @Public()
  @Header('Content-Type', 'application/schema+json; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  definitionSchema(): JsonObject {
    return INSTRUMENT_DEFINITION_SCHEMA;
  }
}
