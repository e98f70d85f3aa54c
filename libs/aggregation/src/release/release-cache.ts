import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AggregateField } from '../aggregate-field';
import { inBatches } from '../locked-transaction';
import { ReleaseDataBuilder, type ReleaseData, type ReleaseRow } from './release-data';
import { ReleaseService } from './release.service';

/** Rows read per round trip while a release is loaded. */
const BATCH = 5000;
/** How long this process trusts its knowledge of the newest release before asking again. */
const FRESHNESS_MS = 1000;

/**
 * The current release of each instrument, held in memory by this process (release-data.ts). A
 * release never changes, so it is loaded once, when a query first needs it, and replaced when a
 * newer release exists; concurrent queries share one load. Each API process (replica) holds its
 * own copy: nothing here needs to be shared.
 */
@Injectable()
export class ReleaseCache {
  private readonly logger = new Logger(ReleaseCache.name);
  private readonly held = new Map<string, { number: number; data: Promise<ReleaseData> }>();
  /** When each instrument's newest release number was last read. */
  private readonly checked = new Map<string, { at: number; number: number | null }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly releases: ReleaseService,
  ) {
    // A release published by this process is seen at once; one published elsewhere (the worker
    // process), within FRESHNESS_MS.
    releases.onAdvance((instrumentKey) => this.checked.delete(instrumentKey));
  }

  /** The newest release of the instrument in memory, or null when it has none yet. */
  async current(instrumentKey: string): Promise<ReleaseData | null> {
    const latest = await this.latest(instrumentKey);
    if (latest === null) return null;
    const held = this.held.get(instrumentKey);
    if (held && held.number >= latest) return held.data;
    const data = this.load(instrumentKey);
    this.held.set(instrumentKey, { number: latest, data });
    try {
      return await data;
    } catch (error) {
      if (this.held.get(instrumentKey)?.data === data) this.held.delete(instrumentKey);
      throw error;
    }
  }

  /**
   * The newest release number, read at most once a FRESHNESS_MS: a new release reaches this
   * process's partners up to that much later, and every other query saves a round trip.
   */
  private async latest(instrumentKey: string): Promise<number | null> {
    const known = this.checked.get(instrumentKey);
    if (known && Date.now() - known.at < FRESHNESS_MS) return known.number;
    const latest = await this.releases.current(instrumentKey);
    const number = latest?.number ?? null;
    this.checked.set(instrumentKey, { at: Date.now(), number });
    return number;
  }

  /** Reads the newest release and its members in one snapshot. */
  private async load(instrumentKey: string): Promise<ReleaseData> {
    const started = Date.now();
    const fieldsByVersion = await this.releases.fieldsByVersion(instrumentKey);
    const everyField = new Map<string, AggregateField>();
    for (const fields of fieldsByVersion.values()) {
      for (const field of fields) everyField.set(`${field.kind}:${field.name}`, field);
    }
    const builder = new ReleaseDataBuilder((version) => fieldsByVersion.get(version) ?? []).declare(
      [...everyField.values()],
    );
    const data = await this.dataSource.transaction('REPEATABLE READ', async (db) => {
      const release = await this.releases.current(instrumentKey, db);
      if (!release) throw new Error(`${instrumentKey} has no release`);
      await inBatches<ReleaseRow>(
        db,
        `SELECT record_key::text AS "recordKey", campaign_key AS "campaignKey", instrument_version AS version,
                phase_key AS phase, respondent_role AS "respondentRole", branch, answers, derived
           FROM release_member WHERE instrument_key = $1`,
        [instrumentKey],
        BATCH,
        (rows) => {
          for (const row of rows) builder.add(row);
        },
      );
      return builder.build({
        instrumentKey,
        number: release.number,
        createdAt: release.createdAt,
      });
    });
    this.logger.log(
      `loaded release ${data.release.number} of ${instrumentKey}: ${data.size} respondents in ${Date.now() - started} ms`,
    );
    return data;
  }
}
