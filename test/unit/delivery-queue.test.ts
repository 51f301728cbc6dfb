// The limit on Updates sent at once holds for requests answered in the same turn, every delivery runs in order,
// and while many pages are in flight the deliveries wait a few seconds, then go two at a time.
import { createDeliveryQueue, type DeliveryQueue } from '../../web/submission-delivery';

/** `count` deliveries that each wait for a release; counts how many ran at once. */
function heldDeliveries(queue: DeliveryQueue, count: number) {
  const seen = { running: 0, most: 0, order: [] as number[] };
  const release: (() => void)[] = [];
  const all = Array.from({ length: count }, (_, i) =>
    queue.queue(async () => {
      seen.running += 1;
      seen.most = Math.max(seen.most, seen.running);
      seen.order.push(i);
      await new Promise<void>((r) => release.push(r));
      seen.running -= 1;
      if (i === 3) throw new Error('Temporal unavailable');
      return i;
    }),
  );
  return { seen, release, settled: Promise.allSettled(all) };
}

const turn = () => new Promise((r) => setImmediate(r));

describe('createDeliveryQueue', () => {
  it('runs at most 16 deliveries at once, even when all are queued in one turn, and the rest in order', async () => {
    const queue = createDeliveryQueue();
    const { seen, release, settled } = heldDeliveries(queue, 40);
    expect(queue.busy()).toBe(true);
    for (let round = 0; release.length > 0 || seen.order.length < 40; round++) {
      await turn();
      release.splice(0).forEach((r) => r());
      if (round > 100) throw new Error('deliveries stalled');
    }
    const outcomes = await settled;
    expect(seen.most).toBe(16);
    expect(seen.order).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(1);
    expect(queue.busy()).toBe(false);
    // The failed delivery gave its slot back: sixteen can run again.
    let again = 0;
    await Promise.all(Array.from({ length: 16 }, () => queue.queue(async () => void (again += 1))));
    expect(again).toBe(16);
    expect(queue.busy()).toBe(false);
  });

  describe('while more than eight pages are in flight', () => {
    beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] }));
    afterEach(() => jest.useRealTimers());

    it('holds the deliveries for five seconds, then runs two at once, and sixteen again once the pages end', async () => {
      const queue = createDeliveryQueue();
      for (let i = 0; i < 9; i++) queue.pageStarted();
      const { seen, release, settled } = heldDeliveries(queue, 40);
      expect(queue.busy()).toBe(true);
      await turn();
      expect(seen.running).toBe(0);
      jest.advanceTimersByTime(4_999);
      await turn();
      expect(seen.running).toBe(0); // still held: the pages have the CPU
      jest.advanceTimersByTime(1);
      await turn();
      expect(seen.running).toBe(2);
      release.splice(0).forEach((r) => r());
      await turn();
      expect(seen.running).toBe(2); // the next two waited as long: they go at once, two, not sixteen
      expect(seen.order).toEqual([0, 1, 2, 3]);
      queue.pageEnded(); // eight in flight: quiet again once a second has passed without load
      await turn();
      expect(seen.running).toBe(2);
      jest.advanceTimersByTime(999);
      await turn();
      expect(seen.running).toBe(2);
      jest.advanceTimersByTime(1);
      await turn();
      expect(seen.running).toBe(16);
      for (let round = 0; seen.order.length < 40 || release.length > 0; round++) {
        release.splice(0).forEach((r) => r());
        await turn();
        if (round > 100) throw new Error('deliveries stalled');
      }
      await settled;
      expect(seen.most).toBe(16);
      expect(seen.order).toEqual(Array.from({ length: 40 }, (_, i) => i));
    });

    it('keeps them held when a wave of pages ends in one turn and the next wave comes within the second', async () => {
      const queue = createDeliveryQueue();
      for (let i = 0; i < 100; i++) queue.pageStarted();
      const { seen, release, settled } = heldDeliveries(queue, 20);
      // The hundred pages of one batched query end together: none in flight, but the burst is not over.
      for (let i = 0; i < 100; i++) queue.pageEnded();
      await turn();
      expect(seen.running).toBe(0);
      expect(queue.busy()).toBe(true);
      jest.advanceTimersByTime(300);
      for (let i = 0; i < 100; i++) queue.pageStarted();
      jest.advanceTimersByTime(900);
      await turn();
      expect(seen.running).toBe(0); // 1.2 s after the gap, but the second wave is in flight
      for (let i = 0; i < 100; i++) queue.pageEnded();
      jest.advanceTimersByTime(999);
      await turn();
      expect(seen.running).toBe(0);
      jest.advanceTimersByTime(1);
      await turn();
      expect(seen.running).toBe(16); // a quiet second: the held deliveries go, sixteen at once
      for (let round = 0; seen.order.length < 20 || release.length > 0; round++) {
        release.splice(0).forEach((r) => r());
        await turn();
        if (round > 100) throw new Error('deliveries stalled');
      }
      await settled;
      expect(queue.busy()).toBe(false);
    });

    it('holds a delivery queued later for its own five seconds', async () => {
      const queue = createDeliveryQueue();
      for (let i = 0; i < 9; i++) queue.pageStarted();
      const first = heldDeliveries(queue, 1);
      jest.advanceTimersByTime(5_000);
      await turn();
      expect(first.seen.running).toBe(1);
      jest.advanceTimersByTime(3_000);
      const later = heldDeliveries(queue, 1);
      first.release.splice(0).forEach((r) => r());
      await first.settled;
      await turn();
      expect(later.seen.running).toBe(0);
      jest.advanceTimersByTime(2_000);
      await turn();
      expect(later.seen.running).toBe(0);
      jest.advanceTimersByTime(3_000);
      await turn();
      expect(later.seen.running).toBe(1);
      later.release.splice(0).forEach((r) => r());
      await later.settled;
      expect(queue.busy()).toBe(true); // nine pages still in flight: a page would not wait for its delivery
    });
  });
});
