//! The search index's map from a text block's fingerprint to its number.
//!
//! At N = 10,000 measures the pages hand over millions of blocks and the map
//! holds 600,000 of them, far more than the processor's caches: a lookup costs
//! what its memory reads miss. A general map (hashbrown's) reads its control
//! bytes and then the slot, two misses; here the slots are the table itself,
//! probed in a row (open addressing, linear probing), so a lookup mostly reads
//! one cache line. Nothing is ever removed, which keeps this small.

/// A block's 128-bit XXH3 hash, which stands for its text: two blocks are
/// taken to be the same when their fingerprints are. With 128 bits the odds
/// that any two of a million distinct blocks collide are about 10^-27 (n² /
/// 2^129), the standard that content-addressed stores (git's successors, backup
/// tools) rely on; 64 bits would leave odds of 10^-8 per build. Two halves
/// rather than a `u128`, whose 16-byte alignment would pad each slot from 24
/// to 32 bytes.
pub type Fingerprint = [u64; 2];

/// Marks a free slot; [`Table::insert`] refuses it as a number.
pub const FREE: u32 = u32::MAX;

#[derive(Clone, Copy)]
struct Slot {
    fingerprint: Fingerprint,
    number: u32,
}

const FREE_SLOT: Slot = Slot {
    fingerprint: [0, 0],
    number: FREE,
};

/// Fingerprint → block number.
#[derive(Default)]
pub struct Table {
    /// A power of two long, or empty; at most three quarters used.
    slots: Vec<Slot>,
    len: usize,
}

impl Table {
    /// The number of `fingerprint`, if it is in the table.
    pub fn get(&self, fingerprint: &Fingerprint) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let slot = &self.slots[self.find(fingerprint)];
        (slot.number != FREE).then_some(slot.number)
    }

    /// Adds `fingerprint`, which is not in the table yet, as `number` (not [`FREE`]).
    pub fn insert(&mut self, fingerprint: Fingerprint, number: u32) {
        debug_assert_ne!(number, FREE);
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            self.grow();
        }
        let at = self.find(&fingerprint);
        self.slots[at] = Slot {
            fingerprint,
            number,
        };
        self.len += 1;
    }

    /// Where `fingerprint` is, or the free slot where it would go. The
    /// fingerprints are uniform hashes, so their bits serve as the slot
    /// number without hashing again; the low bits of the first half pick the
    /// shard (see [`super::Interner`]), so the second half picks the slot.
    fn find(&self, fingerprint: &Fingerprint) -> usize {
        let mask = self.slots.len() - 1;
        let mut at = fingerprint[1] as usize & mask;
        loop {
            let slot = &self.slots[at];
            if slot.number == FREE || slot.fingerprint == *fingerprint {
                return at;
            }
            at = (at + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let capacity = (self.slots.len() * 2).max(64);
        let old = std::mem::replace(&mut self.slots, vec![FREE_SLOT; capacity]);
        for slot in old.into_iter().filter(|slot| slot.number != FREE) {
            let at = self.find(&slot.fingerprint);
            self.slots[at] = slot;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_was_inserted_and_nothing_else_across_growth() {
        let mut table = Table::default();
        // Fingerprints whose slot bits collide, to exercise probing and wrap-around.
        let fingerprint = |i: u64| [i, (i % 7) << 60 | 63];
        for i in 0..5_000u64 {
            assert_eq!(table.get(&fingerprint(i)), None);
            table.insert(fingerprint(i), i as u32);
        }
        for i in 0..5_000u64 {
            assert_eq!(table.get(&fingerprint(i)), Some(i as u32));
        }
        assert_eq!(table.get(&fingerprint(5_000)), None);
        assert_eq!(table.get(&[3, 0]), None);
    }
}
