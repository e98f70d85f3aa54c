import { MICROOBS_DEMO } from './demo-campaigns';
import { MICROOBS_WAVES, microobsDemoResponses, seededRandom } from './microobs-demo-responses';
import { microobsReportResponses } from './microobs-report';

describe('microobsDemoResponses', () => {
  const responses = microobsDemoResponses();

  it('are the report’s 95 responses, in order, with unique client ids', () => {
    expect(responses.map((r) => [r.status, r.answers])).toEqual(
      microobsReportResponses().map((r) => [r.status, r.answers]),
    );
    expect(new Set(responses.map((r) => r.clientSubmissionId)).size).toBe(95);
  });

  it('are dated within the report’s span, in collection order, each in the wave of its date', () => {
    const phases = MICROOBS_DEMO.campaign.phases;
    for (const [index, response] of responses.entries()) {
      const phase = phases.find((p) => p.key === response.phase)!;
      expect(
        response.submittedAt >= phase.opensAt! && response.submittedAt <= phase.closesAt!,
      ).toBe(true);
      if (index > 0) expect(response.submittedAt >= responses[index - 1].submittedAt).toBe(true);
      const wave = MICROOBS_WAVES.findIndex((w) => w.phase === response.phase);
      expect(response.submittedAt >= MICROOBS_WAVES[wave].from).toBe(true);
      const next = MICROOBS_WAVES[wave + 1];
      if (next) expect(response.submittedAt < next.from).toBe(true);
    }
    const complete = (phase: string) =>
      responses.filter((r) => r.phase === phase && r.status === 'COMPLETE').length;
    for (const wave of MICROOBS_WAVES) expect(complete(wave.phase)).toBeGreaterThan(5);
  });

  it('are reproducible (seeded), and fresh copies', () => {
    const again = microobsDemoResponses();
    expect(again).toEqual(responses);
    expect(again[0].answers).not.toBe(responses[0].answers);
    expect(seededRandom(1)()).toBe(seededRandom(1)());
    expect(seededRandom(1)()).not.toBe(seededRandom(2)());
  });
});
