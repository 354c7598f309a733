//! A fixed-size bit set over the local unit indices of one component, and
//! a hasher for it.

use std::hash::Hasher;

/// `W` words of 64 bits: units `0..64·W`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) struct Bits<const W: usize>(pub [u64; W]);

impl<const W: usize> Bits<W> {
    /// The empty set.
    pub const EMPTY: Self = Bits([0; W]);

    /// Adds `i`.
    ///
    /// # Panics
    /// If `i >= 64 · W` (the caller sizes `W` for the component).
    pub fn insert(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }

    /// Whether the sets share no element.
    pub fn is_disjoint(&self, o: &Self) -> bool {
        self.0.iter().zip(&o.0).all(|(a, b)| a & b == 0)
    }

    /// The union.
    pub fn or(&self, o: &Self) -> Self {
        let mut r = *self;
        r.0.iter_mut().zip(&o.0).for_each(|(a, b)| *a |= b);
        r
    }

    /// The intersection.
    pub fn and(&self, o: &Self) -> Self {
        let mut r = *self;
        r.0.iter_mut().zip(&o.0).for_each(|(a, b)| *a &= b);
        r
    }

    /// The elements of `self` not in `o`.
    pub fn minus(&self, o: &Self) -> Self {
        let mut r = *self;
        r.0.iter_mut().zip(&o.0).for_each(|(a, b)| *a &= !b);
        r
    }
}

/// A fast deterministic hasher for bit-set keys (multiply-rotate per word).
#[derive(Default)]
pub(super) struct WordHasher(u64);

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut w = [0u8; 8];
            w[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(w));
        }
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_operations() {
        let mut a = Bits::<2>::EMPTY;
        a.insert(3);
        a.insert(100);
        let mut b = Bits::<2>::EMPTY;
        b.insert(100);
        assert!(!a.is_disjoint(&b));
        assert_eq!(a.minus(&b).and(&b), Bits::EMPTY);
        assert_eq!(a.and(&b), b);
        assert_eq!(a.minus(&b).or(&b), a);
    }
}
