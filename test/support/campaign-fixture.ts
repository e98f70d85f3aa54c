/** Campaign state for submission tests, written straight to the tables (campaign rules are tested elsewhere). */
import { DataSource } from 'typeorm';
import type { TestApp } from './test-app';

export interface FixturePhase {
  key: string;
  instrumentKeys: string[];
  opensAt?: Date;
  closesAt?: Date;
}

export interface FixtureCampaign {
  key: string;
  branches?: string[];
  phases: FixturePhase[];
  /** [mediator, professional] codes; each pair is `${m}+${p}`. */
  pairs?: [string, string][];
}

export async function seedCampaign(api: TestApp, campaign: FixtureCampaign): Promise<void> {
  await seedCampaignRows(api.app.get(DataSource), campaign);
}

/** The same rows through any client that runs a query and returns its rows (the bench's pg Client). */
export async function seedCampaignRows(
  db: { query(sql: string, params: unknown[]): Promise<{ id: string }[]> },
  campaign: FixtureCampaign,
): Promise<void> {
  await db.query(`INSERT INTO campaign (key, title, branches) VALUES ($1, $2, $3)`, [
    campaign.key,
    `Campagne ${campaign.key}`,
    JSON.stringify((campaign.branches ?? []).map((key) => ({ key, title: key }))),
  ]);
  for (const [position, phase] of campaign.phases.entries()) {
    await db.query(
      `INSERT INTO campaign_phase (campaign_key, key, title, position, opens_at, closes_at, instrument_keys)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        campaign.key,
        phase.key,
        phase.key,
        position,
        phase.opensAt ?? null,
        phase.closesAt ?? null,
        phase.instrumentKeys,
      ],
    );
  }
  const branch = campaign.branches?.[0] ?? null;
  for (const [mediator, professional] of campaign.pairs ?? []) {
    const [m] = await db.query(
      `INSERT INTO participant (campaign_key, code, role, branch) VALUES ($1, $2, 'MEDIATOR', $3) RETURNING id`,
      [campaign.key, mediator, branch],
    );
    const [p] = await db.query(
      `INSERT INTO participant (campaign_key, code, role, branch) VALUES ($1, $2, 'PROFESSIONAL', $3) RETURNING id`,
      [campaign.key, professional, branch],
    );
    await db.query(
      `INSERT INTO pair (campaign_key, code, mediator_id, professional_id) VALUES ($1, $2, $3, $4)`,
      [campaign.key, `${mediator}+${professional}`, m.id, p.id],
    );
  }
}
