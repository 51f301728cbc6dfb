// The limit on Updates sent at once holds for requests answered in the same turn, and every delivery runs in order.
import { deliveriesBusy, queueDelivery } from '../../web/submission-delivery';

describe('queueDelivery', () => {
  it('runs at most 16 deliveries at once, even when all are queued in one turn, and the rest in order', async () => {
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const release: (() => void)[] = [];
    const deliveries = Array.from({ length: 40 }, (_, i) => queueDelivery(async () => {
      running += 1;
      most = Math.max(most, running);
      order.push(i);
      await new Promise<void>((r) => release.push(r));
      running -= 1;
      if (i === 3) throw new Error('Temporal unavailable');
      return i;
    }));
    const settled = Promise.allSettled(deliveries);
    expect(deliveriesBusy()).toBe(true);
    for (let round = 0; release.length > 0 || order.length < 40; round++) {
      await new Promise((r) => setImmediate(r));
      release.splice(0).forEach((r) => r());
      if (round > 100) throw new Error('deliveries stalled');
    }
    const outcomes = await settled;
    expect(most).toBe(16);
    expect(order).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(1);
    expect(deliveriesBusy()).toBe(false);
    // The failed delivery gave its slot back: sixteen can run again.
    let again = 0;
    await Promise.all(Array.from({ length: 16 }, () => queueDelivery(async () => void (again += 1))));
    expect(again).toBe(16);
    expect(deliveriesBusy()).toBe(false);
  });
});
