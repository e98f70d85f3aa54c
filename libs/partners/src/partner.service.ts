import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CronExpressionParser } from 'cron-parser';
import { DataSource } from 'typeorm';
import type { Principal } from '@observatory/auth';
import { personalDataProblems } from '@observatory/anonymisation';
import { badInput, conflict, forbidden, notFound, personalData } from '@observatory/errors';
import {
  CampaignEntity,
  InstrumentEntity,
  PartnerEntity,
  type AgreementLevel,
  type PartnerDelivery,
} from '@observatory/persistence';

export const DEFAULT_K = 5;
export const MIN_K = 3;
/** The largest k the perturbation tables and population sketches are built for. */
export const MAX_K = 15;
/** The French rule of statistical secrecy: no published figure on fewer than 11 persons. */
export const PUBLIC_K = 11;
/** Medians and quartiles need at least this many respondents, whatever an agreement says. */
export const MIN_QUANTILE_RESPONDENTS = 10;

export interface NewPartner {
  key: string;
  name: string;
  level: AgreementLevel;
  k?: number | null;
  /** Medians and quartiles only for groups of at least this many respondents (default and minimum 10). */
  quantileMinimum?: number | null;
  instrumentKeys: string[];
  campaignKeys: string[];
  delivery?: PartnerDelivery | null;
}

/** Partners and their agreements: what each may see, at which level, with which threshold k. */
@Injectable()
export class PartnerService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(input: NewPartner): Promise<PartnerEntity> {
    // Issue 13: a partner's key and name never hold personal data.
    const personal = personalDataProblems([
      { path: 'key', value: input.key, field: 'code' },
      { path: 'name', value: input.name, field: 'label' },
    ]);
    if (personal.length) throw personalData(personal);
    // An open-data release follows the rule of statistical secrecy: k is 11 at least.
    const k =
      input.level === 'PUBLIC' ? Math.max(PUBLIC_K, input.k ?? PUBLIC_K) : (input.k ?? DEFAULT_K);
    if (!Number.isInteger(k) || k < MIN_K || k > MAX_K)
      throw badInput(`k must be a whole number from ${MIN_K} to ${MAX_K}`);
    const quantileMinimum = input.quantileMinimum ?? MIN_QUANTILE_RESPONDENTS;
    if (!Number.isInteger(quantileMinimum) || quantileMinimum < MIN_QUANTILE_RESPONDENTS)
      throw badInput(
        `quantileMinimum must be a whole number of at least ${MIN_QUANTILE_RESPONDENTS}`,
      );
    if (input.instrumentKeys.length === 0)
      throw badInput('An agreement names at least one instrument');
    if (input.campaignKeys.length === 0) throw badInput('An agreement names at least one campaign');
    const delivery = input.delivery ?? { mode: 'DOWNLOAD' };
    if (delivery.endpoint && !isAllowedEndpoint(delivery.endpoint)) {
      throw badInput(
        'The delivery endpoint must be an https:// URL (http:// only on this machine, for tests)',
      );
    }
    if (delivery.mode === 'PUSH' && !delivery.endpoint)
      throw badInput('PUSH delivery needs an endpoint');
    if (delivery.schedule !== undefined && !isCronExpression(delivery.schedule)) {
      throw badInput(
        'delivery.schedule must be a cron expression, e.g. "0 6 * * 1" (Mondays at 06:00)',
      );
    }
    return this.dataSource.transaction(async (manager) => {
      for (const key of input.instrumentKeys) {
        if (!(await manager.existsBy(InstrumentEntity, { key })))
          throw badInput(`No instrument "${key}"`);
      }
      for (const key of input.campaignKeys) {
        if (!(await manager.existsBy(CampaignEntity, { key })))
          throw badInput(`No campaign "${key}"`);
      }
      if (await manager.existsBy(PartnerEntity, { key: input.key }))
        throw conflict(`A partner "${input.key}" exists already`);
      const partner = manager.create(PartnerEntity, {
        key: input.key,
        name: input.name,
        level: input.level,
        k,
        quantileMinimum,
        instrumentKeys: [...new Set(input.instrumentKeys)],
        campaignKeys: [...new Set(input.campaignKeys)],
        delivery,
      });
      await manager.save(partner);
      return partner;
    });
  }

  list(): Promise<PartnerEntity[]> {
    return this.dataSource.getRepository(PartnerEntity).find({ order: { key: 'ASC' } });
  }

  async find(key: string): Promise<PartnerEntity> {
    const partner = await this.dataSource.getRepository(PartnerEntity).findOneBy({ key });
    if (!partner) throw notFound(`No partner "${key}"`);
    return partner;
  }

  /** FORBIDDEN unless the agreement covers the instrument and (when named) the campaign. */
  assertCovers(agreement: PartnerEntity, instrumentKey: string, campaignKey?: string | null): void {
    if (!agreement.instrumentKeys.includes(instrumentKey)) {
      throw forbidden(
        `The agreement of "${agreement.key}" does not cover instrument "${instrumentKey}"`,
      );
    }
    if (campaignKey && !agreement.campaignKeys.includes(campaignKey)) {
      throw forbidden(
        `The agreement of "${agreement.key}" does not cover campaign "${campaignKey}"`,
      );
    }
  }

  /** The agreement a PARTNER key acts under; FORBIDDEN when its partner no longer exists. */
  async agreementOf(principal: Principal): Promise<PartnerEntity> {
    const key = principal.scope.partnerKey;
    const partner = key
      ? await this.dataSource.getRepository(PartnerEntity).findOneBy({ key })
      : null;
    if (!partner) throw forbidden('This key is not attached to a partner agreement');
    return partner;
  }
}

/** https everywhere; plain http only to the loopback interface (local tests and development). */
function isAllowedEndpoint(endpoint: string): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/** Whether a string is a cron expression the schedulers accept. */
export function isCronExpression(expression: string): boolean {
  try {
    CronExpressionParser.parse(expression);
    return true;
  } catch {
    return false;
  }
}
