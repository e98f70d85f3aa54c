import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InstrumentService } from './instrument.service';
import { loadBuiltinVersions, PluginRegistry } from './registry';

/**
 * Publishes the versions the plugins ship (instruments/<kind>/versions/*.json) at start-up.
 * Publishing is idempotent, so a restart changes nothing; a shipped file whose content changed
 * without a new version number stops the start (published versions are immutable).
 */
@Injectable()
export class BuiltinInstruments implements OnApplicationBootstrap {
  private readonly logger = new Logger(BuiltinInstruments.name);

  constructor(
    private readonly plugins: PluginRegistry,
    private readonly instruments: InstrumentService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    let published = 0;
    for (const plugin of this.plugins.list()) {
      for (const { definition, file } of loadBuiltinVersions(plugin)) {
        const { key, version } = definition as { key: string; version: string };
        try {
          const outcome = await this.instruments.publish({
            key,
            kind: plugin.kind,
            version,
            definition,
            builtin: true,
          });
          if (outcome.created) published += 1;
        } catch (error) {
          const detail = (error as { details?: { problems?: { path: string; message: string }[] } })
            .details?.problems;
          const problems = detail
            ?.map((problem) => `${problem.path}: ${problem.message}`)
            .join('; ');
          throw new Error(
            `built-in instrument ${file} cannot be published: ${(error as Error).message}${problems ? ` (${problems})` : ''}`,
            { cause: error },
          );
        }
      }
    }
    this.logger.log(`built-in instruments loaded (${published} version(s) newly published)`);
  }
}
