import { ProcessParts } from './process-lifecycle';

describe('ProcessParts', () => {
  it('stops what started, last first, even when one part fails to stop', async () => {
    const stopped: string[] = [];
    const parts = new ProcessParts();
    await parts.add('database', () => void stopped.push('database'));
    await parts.add('queues', () => {
      stopped.push('queues');
      throw new Error('stuck');
    });
    await parts.add('http', async () => void stopped.push('http'));
    await expect(parts.stop()).rejects.toThrow('could not stop queues: stuck');
    expect(stopped).toEqual(['http', 'queues', 'database']);
  });

  it('stops a part that starts after stopping began, and tells the start', async () => {
    const parts = new ProcessParts();
    await parts.stop();
    let stopped = false;
    await expect(parts.add('late', () => void (stopped = true))).rejects.toThrow(/stopping/);
    expect(stopped).toBe(true);
    expect(parts.isStopping).toBe(true);
  });
});
