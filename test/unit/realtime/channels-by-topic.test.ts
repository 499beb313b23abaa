import { describe, expect, it } from 'vitest';
import { ChannelsByTopic } from '../../../src/realtime/channels-by-topic.js';

const channel = (topic: string) => ({ topic });

describe('ChannelsByTopic', () => {
  it('routes a topic to its channel, from a string equal to the key but not the same one', () => {
    const channels = new ChannelsByTopic<{ topic: string }>();
    const room = channel('realtime:room-1');
    channels.set(room.topic, room);
    const fromFrame = (JSON.parse('["realtime:room-1"]') as string[])[0];
    expect(channels.route(fromFrame)).toBe(room);
    expect(channels.route(fromFrame)).toBe(room); // cached
    expect(channels.route('realtime:room-2')).toBeUndefined();
  });

  it('tells apart topics that share a slot', () => {
    const channels = new ChannelsByTopic<{ topic: string }>();
    // Same length and last two characters: the same slot.
    const a = channel('realtime:a-01');
    const b = channel('realtime:b-01');
    channels.set(a.topic, a);
    channels.set(b.topic, b);
    for (let i = 0; i < 3; i++) {
      expect(channels.route(a.topic)).toBe(a);
      expect(channels.route(b.topic)).toBe(b);
    }
  });

  it('forgets a removed channel, and routes to the one made again under its name', () => {
    const channels = new ChannelsByTopic<{ topic: string }>();
    const first = channel('realtime:room');
    channels.set(first.topic, first);
    expect(channels.route('realtime:room')).toBe(first);
    channels.delete(first.topic);
    expect(channels.route('realtime:room')).toBeUndefined();
    const again = channel('realtime:room');
    channels.set(again.topic, again);
    expect(channels.route('realtime:room')).toBe(again);
  });

  it('routes topics of any length, the empty and one-character ones included', () => {
    const channels = new ChannelsByTopic<{ topic: string }>();
    for (const t of ['', 'x', 'ph', 'phoenix']) channels.set(t, channel(t));
    for (const t of ['', 'x', 'ph', 'phoenix']) expect(channels.route(t)?.topic).toBe(t);
    expect([...channels.values()].map((c) => c.topic)).toEqual(['', 'x', 'ph', 'phoenix']);
  });
});
