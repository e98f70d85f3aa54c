import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  MAX_K,
  sketchBytes,
  sketchFromBytes,
  symmetricDifference,
} from '@observatory/anonymisation';

/** A population an answer would publish figures about. */
export interface AnsweredPopulation {
  /** Hash of its canonical description (population-definition.ts). */
  definition: string;
  size: number;
  sketch: Uint32Array;
}

interface Remembered {
  partnerKey: string;
  k: number;
  releaseNumber: number;
  definition: string;
  size: number;
  sketch: Uint32Array;
}

/** Per instrument, what this process has read of the memory so far. */
interface InstrumentMemory {
  lastId: bigint;
  bySize: Map<number, Remembered[]>;
  /** `release:definition` of every remembered population → the largest k it was checked with. */
  known: Map<string, number>;
}

/**
 * The memory of every population answered to a partner, per instrument and across partners and
 * releases: a population whose respondents differ from one already answered by fewer than k (0
 * included when it is described differently, or in another release) is not answered. That is
 * what stops trackers (A minus A-without-one-person) and before/after comparisons inside any
 * sub-population; see docs/disclosure-control.md. The check runs under an advisory lock per
 * instrument, so two concurrent queries cannot both pass against a memory without the other.
 * The record (audit) is written in the same transaction as what is remembered.
 */
@Injectable()
export class PopulationMemory {
  private readonly memories = new Map<string, InstrumentMemory>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Which of `populations` may be answered to the partner (same order). The accepted ones are
   * remembered; `record` runs in the same transaction with the verdicts.
   */
  async check<T>(
    target: { instrumentKey: string; releaseNumber: number; partnerKey: string; k: number },
    populations: AnsweredPopulation[],
    record: (db: EntityManager, accepted: boolean[]) => Promise<T>,
  ): Promise<T> {
    const memory = this.memoryOf(target.instrumentKey);
    const knownKey = (population: AnsweredPopulation) =>
      `${target.releaseNumber}:${population.definition}`;
    // The same description in the same release is the same set of respondents, already checked
    // against everything remembered before it (with a k at least this one): nothing to check.
    const checked = (population: AnsweredPopulation) =>
      (memory.known.get(knownKey(population)) ?? 0) >= target.k;
    if (populations.every(checked)) {
      // One statement (the audit row): no transaction needed around it.
      return record(
        this.dataSource.manager,
        populations.map(() => true),
      );
    }
    return this.dataSource.transaction(async (db) => {
      await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `population-memory:${target.instrumentKey}`,
      ]);
      await this.catchUp(db, target.instrumentKey, memory);
      const accepted: boolean[] = [];
      const added: Remembered[] = [];
      for (const population of populations) {
        if (checked(population)) {
          accepted.push(true);
          continue;
        }
        const ok = !this.tooClose(memory, added, population, target);
        accepted.push(ok);
        if (ok) {
          added.push({
            partnerKey: target.partnerKey,
            k: target.k,
            releaseNumber: target.releaseNumber,
            ...population,
          });
        }
      }
      // One description may appear twice in an answer (e.g. a group equal to its filter).
      const fresh = [...new Map(added.map((p) => [p.definition, p])).values()];
      if (fresh.length) {
        await db.query(
          `INSERT INTO population_memory (instrument_key, partner_key, k, release_number, definition, size, sketch)
           SELECT $1, $2, $3, $4, d, s, g FROM unnest($5::text[], $6::int[], $7::bytea[]) AS p(d, s, g)`,
          [
            target.instrumentKey,
            target.partnerKey,
            target.k,
            target.releaseNumber,
            fresh.map((p) => p.definition),
            fresh.map((p) => p.size),
            fresh.map((p) => sketchBytes(p.sketch)),
          ],
        );
      }
      return record(db, accepted);
    });
  }

  /**
   * Whether the population is within 0..k−1 respondents of one remembered (or accepted earlier in
   * this answer) under another description or in another release. The larger k of the two
   * partners applies. Sizes prune: |A Δ B| ≥ ||A| − |B||.
   */
  private tooClose(
    memory: InstrumentMemory,
    added: Remembered[],
    population: AnsweredPopulation,
    target: { releaseNumber: number; k: number },
  ): boolean {
    const candidates = (limit: number): Remembered[] => {
      const found: Remembered[] = [];
      for (let size = population.size - limit + 1; size < population.size + limit; size++) {
        for (const entry of memory.bySize.get(size) ?? []) found.push(entry);
      }
      for (const entry of added) {
        if (Math.abs(entry.size - population.size) < limit) found.push(entry);
      }
      return found;
    };
    for (const entry of candidates(MAX_K)) {
      const limit = Math.max(target.k, entry.k);
      if (Math.abs(entry.size - population.size) >= limit) continue;
      // The same description in the same release: the same respondents, not another population.
      if (
        entry.definition === population.definition &&
        entry.releaseNumber === target.releaseNumber
      )
        continue;
      if (symmetricDifference(population.sketch, entry.sketch, limit - 1) !== null) return true;
    }
    return false;
  }

  /** Reads what other processes remembered since this one last looked. */
  private async catchUp(
    db: EntityManager,
    instrumentKey: string,
    memory: InstrumentMemory,
  ): Promise<void> {
    const rows: {
      id: string;
      partnerKey: string;
      k: number;
      releaseNumber: number;
      definition: string;
      size: number;
      sketch: Buffer;
    }[] = await db.query(
      `SELECT id::text, partner_key AS "partnerKey", k, release_number AS "releaseNumber", definition, size, sketch
         FROM population_memory WHERE instrument_key = $1 AND id > $2 ORDER BY id`,
      [instrumentKey, memory.lastId.toString()],
    );
    for (const row of rows) {
      const entry: Remembered = { ...row, sketch: sketchFromBytes(row.sketch) };
      const bucket = memory.bySize.get(entry.size);
      if (bucket) bucket.push(entry);
      else memory.bySize.set(entry.size, [entry]);
      const key = `${entry.releaseNumber}:${entry.definition}`;
      memory.known.set(key, Math.max(memory.known.get(key) ?? 0, entry.k));
      memory.lastId = BigInt(row.id);
    }
  }

  private memoryOf(instrumentKey: string): InstrumentMemory {
    let memory = this.memories.get(instrumentKey);
    if (!memory) {
      memory = { lastId: 0n, bySize: new Map(), known: new Map() };
      this.memories.set(instrumentKey, memory);
    }
    return memory;
  }
}
