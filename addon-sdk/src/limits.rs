//! Limits on what a conversion from JS accepts, so hostile input is a JS
//! exception rather than a stack overflow or an allocation abort. Process-wide.

use std::sync::atomic::{AtomicU32, Ordering};

static MAX_DEPTH: AtomicU32 = AtomicU32::new(256);
static MAX_ARRAY_LEN: AtomicU32 = AtomicU32::new(1 << 26);

/// How deep objects and arrays may nest in a serde conversion ([`crate::Serde`],
/// [`crate::from_js`], [`crate::to_js`]) before it throws a `RangeError`
/// (default 256). A cycle is a `TypeError` instead, as in `JSON.stringify`.
pub fn set_max_depth(levels: u32) {
    MAX_DEPTH.store(levels.max(1), Ordering::Relaxed);
}

/// The current nesting limit.
pub fn max_depth() -> u32 {
    MAX_DEPTH.load(Ordering::Relaxed)
}

/// How many elements a JS array converted to a `Vec` (or a serde sequence)
/// may have before the conversion throws a `RangeError` instead of
/// allocating (default 2^26). Elements are read one by one, the `Vec`
/// growing as they come, so a sparse array with a huge `length` fails on its
/// first hole rather than allocating up front.
pub fn set_max_array_length(len: u32) {
    MAX_ARRAY_LEN.store(len, Ordering::Relaxed);
}

/// The current array length limit.
pub fn max_array_length() -> u32 {
    MAX_ARRAY_LEN.load(Ordering::Relaxed)
}
