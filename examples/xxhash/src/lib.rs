//! The JS API of `@node-rs/xxhash`, written with nabi-sdk over the
//! `xxhash-rust` crate: classes with chaining `update()`, 64-bit results as
//! BigInt, `string | Uint8Array` input without copying, and the `xxh3`
//! namespace. `test.js` checks it against the reference vectors.

use nabi_sdk::{class, export, methods, BigIntU64, Bytes, Error, Result};

/// 32-bit xxHash of `input` (a string's UTF-8, or any byte view).
#[export]
fn xxh32(#[ts(type = "Uint8Array | string")] input: Bytes, seed: Option<u32>) -> u32 {
    xxhash_rust::xxh32::xxh32(&input, seed.unwrap_or(0))
}

/// 64-bit xxHash, as a BigInt.
#[export]
fn xxh64(#[ts(type = "Uint8Array | string")] input: Bytes, seed: Option<BigIntU64>) -> BigIntU64 {
    BigIntU64(xxhash_rust::xxh64::xxh64(&input, seed.map_or(0, |s| s.0)))
}

/// Streaming 32-bit xxHash: `new Xxh32(seed).update(a).update(b).digest()`.
#[class]
pub struct Xxh32 {
    seed: u32,
    state: xxhash_rust::xxh32::Xxh32,
}

#[methods]
impl Xxh32 {
    #[constructor]
    pub fn new(seed: Option<u32>) -> Self {
        let seed = seed.unwrap_or(0);
        Xxh32 {
            seed,
            state: xxhash_rust::xxh32::Xxh32::new(seed),
        }
    }

    /// Returns the receiver, so calls chain.
    pub fn update(&mut self, #[ts(type = "string | Uint8Array")] input: Bytes) -> &Self {
        self.state.update(&input);
        self
    }

    pub fn digest(&self) -> u32 {
        self.state.digest()
    }

    /// Starts over, with `new_state` as the seed (default: the constructor's).
    pub fn reset(&mut self, new_state: Option<u32>) {
        self.seed = new_state.unwrap_or(self.seed);
        self.state.reset(self.seed);
    }
}

/// Streaming 64-bit xxHash.
#[class]
pub struct Xxh64 {
    seed: u64,
    state: xxhash_rust::xxh64::Xxh64,
}

#[methods]
impl Xxh64 {
    #[constructor]
    pub fn new(seed: Option<BigIntU64>) -> Self {
        let seed = seed.map_or(0, |s| s.0);
        Xxh64 {
            seed,
            state: xxhash_rust::xxh64::Xxh64::new(seed),
        }
    }

    pub fn update(&mut self, #[ts(type = "string | Uint8Array")] input: Bytes) -> &Self {
        self.state.update(&input);
        self
    }

    pub fn digest(&self) -> BigIntU64 {
        BigIntU64(self.state.digest())
    }

    pub fn reset(&mut self, new_state: Option<BigIntU64>) {
        self.seed = new_state.map_or(self.seed, |s| s.0);
        self.state.reset(self.seed);
    }
}

/// XXH3: `xxh3.xxh64`, `xxh3.xxh128` (with a seed or a secret) and the
/// streaming `xxh3.Xxh3`.
#[export]
pub mod xxh3 {
    use super::*;
    use xxhash_rust::xxh3 as x;

    /// xxh3 wants at least this many bytes of secret.
    const SECRET_SIZE_MIN: usize = 136;
    /// The streaming state's secret size (xxHash's `XXH3_SECRET_DEFAULT_SIZE`).
    const SECRET_SIZE: usize = 192;

    fn check_secret(secret: &[u8]) -> Result<()> {
        if secret.len() < SECRET_SIZE_MIN {
            return Err(Error::range_error(format!(
                "the secret is {} bytes long; xxh3 needs at least {SECRET_SIZE_MIN}",
                secret.len()
            ))
            .with_code("ERR_OUT_OF_RANGE"));
        }
        Ok(())
    }

    #[export]
    fn xxh64(
        #[ts(type = "Uint8Array | string")] input: Bytes,
        seed: Option<BigIntU64>,
    ) -> BigIntU64 {
        BigIntU64(x::xxh3_64_with_seed(&input, seed.map_or(0, |s| s.0)))
    }

    #[export]
    fn xxh64_with_secret(
        #[ts(type = "string | Uint8Array")] input: Bytes,
        secret: &[u8],
    ) -> Result<BigIntU64> {
        check_secret(secret)?;
        Ok(BigIntU64(x::xxh3_64_with_secret(&input, secret)))
    }

    /// 128-bit XXH3, as a BigInt.
    #[export]
    fn xxh128(#[ts(type = "string | Uint8Array")] input: Bytes, seed: Option<BigIntU64>) -> u128 {
        x::xxh3_128_with_seed(&input, seed.map_or(0, |s| s.0))
    }

    #[export]
    fn xxh128_with_secret(
        #[ts(type = "string | Uint8Array")] input: Bytes,
        secret: &[u8],
    ) -> Result<u128> {
        check_secret(secret)?;
        Ok(x::xxh3_128_with_secret(&input, secret))
    }

    /// Streaming XXH3 (64-bit digest). No constructor: use `withSeed` or
    /// `withSecret`.
    #[class]
    pub struct Xxh3 {
        state: x::Xxh3,
    }

    #[methods]
    impl Xxh3 {
        #[factory]
        pub fn with_seed(seed: Option<BigIntU64>) -> Xxh3 {
            Xxh3 {
                state: x::Xxh3::with_seed(seed.map_or(0, |s| s.0)),
            }
        }

        /// The streaming state holds exactly 192 bytes of secret: another
        /// length is a `RangeError` (napi-rs's port panics here).
        #[factory]
        pub fn with_secret(secret: &[u8]) -> Result<Xxh3> {
            let secret: [u8; SECRET_SIZE] = secret.try_into().map_err(|_| {
                Error::range_error(format!(
                    "the secret is {} bytes long; a streaming Xxh3 needs exactly {}",
                    secret.len(),
                    SECRET_SIZE
                ))
                .with_code("ERR_OUT_OF_RANGE")
            })?;
            Ok(Xxh3 {
                state: x::Xxh3::with_secret(secret),
            })
        }

        pub fn update(&mut self, #[ts(type = "string | Uint8Array")] input: Bytes) -> &Self {
            self.state.update(&input);
            self
        }

        pub fn digest(&self) -> BigIntU64 {
            BigIntU64(self.state.digest())
        }

        pub fn reset(&mut self) {
            self.state.reset();
        }
    }
}
