// Insertion-ordered sets of n-gram keys packed into numbers (word ids in a mixed radix, exact below
// 2^53), each key numbered 0, 1, 2… in the order it was first added, so values can live in typed
// arrays indexed by that number. The language-model build holds millions of such keys: a Map keyed by
// them costs about 45 bytes an entry (a boxed key and the table's links), this about 16 (the key in a
// Float64Array and a 32-bit slot, the table at most half full).

export class KeyIndex {
  private keys: Float64Array;
  /** Open addressing, linear probing: 1 + the key's number, 0 for an empty slot. */
  private slots: Int32Array;
  private count = 0;

  constructor(expected = 1024) {
    let capacity = 1024;
    while (capacity < expected) capacity *= 2;
    this.keys = new Float64Array(capacity);
    this.slots = new Int32Array(capacity * 2);
  }

  get size(): number {
    return this.count;
  }

  /** The key numbered i. */
  key(i: number): number {
    return this.keys[i]!;
  }

  /** The key's number, or -1 when it was never added. */
  indexOf(key: number): number {
    const mask = this.slots.length - 1;
    for (let s = hash(key) & mask; ; s = (s + 1) & mask) {
      const slot = this.slots[s]!;
      if (slot === 0) return -1;
      if (this.keys[slot - 1] === key) return slot - 1;
    }
  }

  has(key: number): boolean {
    return this.indexOf(key) >= 0;
  }

  /** The key's number; a new key gets the next one. */
  add(key: number): number {
    const mask = this.slots.length - 1;
    let s = hash(key) & mask;
    for (let slot = this.slots[s]!; slot !== 0; s = (s + 1) & mask, slot = this.slots[s]!) {
      if (this.keys[slot - 1] === key) return slot - 1;
    }
    if (this.count === this.keys.length) {
      this.grow();
      return this.add(key);
    }
    const i = this.count++;
    this.keys[i] = key;
    this.slots[s] = i + 1;
    return i;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    this.keys = keys;
    this.slots = new Int32Array(keys.length * 2);
    const mask = this.slots.length - 1;
    for (let i = 0; i < this.count; i++) {
      let s = hash(keys[i]!) & mask;
      while (this.slots[s] !== 0) s = (s + 1) & mask;
      this.slots[s] = i + 1;
    }
  }
}

/** Both 32-bit halves of the key, mixed with murmur3's finaliser (ids in the low bits cluster). */
function hash(key: number): number {
  let h = (key >>> 0) ^ Math.imul((key / 4294967296) >>> 0, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}
