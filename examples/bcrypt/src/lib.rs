//! The JS API of `@node-rs/bcrypt` 1.x, written with nabi-sdk over the
//! `bcrypt` crate: hashing on the host's thread pool (`Task`) with
//! `AbortSignal` cancellation, synchronous twins, and errors with Node's
//! codes. `test.js` checks it against bcrypt's reference hashes.

use nabi_sdk::{export, AbortSignal, AsyncTask, Bytes, Env, Error, Result, Task};

/// The cost `hash` uses when none is given.
#[export]
pub const DEFAULT_COST: u32 = 12;

/// `'2a' | '2x' | '2y' | '2b'` to the crate's version.
fn version(v: Option<&str>) -> Result<bcrypt::Version> {
    Ok(match v.unwrap_or("2b") {
        "2a" => bcrypt::Version::TwoA,
        "2x" => bcrypt::Version::TwoX,
        "2y" => bcrypt::Version::TwoY,
        "2b" => bcrypt::Version::TwoB,
        other => {
            return Err(Error::type_error(format!(
                "version must be '2a', '2x', '2y' or '2b', got '{other}'"
            ))
            .with_code("ERR_INVALID_ARG_VALUE"))
        }
    })
}

/// The crate's errors as JS errors: a bad cost or salt is a `RangeError`.
fn js_error(e: bcrypt::BcryptError) -> Error {
    match e {
        bcrypt::BcryptError::CostNotAllowed(c) => {
            Error::range_error(format!("cost must be between 4 and 31, got {c}"))
                .with_code("ERR_OUT_OF_RANGE")
        }
        other => Error::new(other.to_string()),
    }
}

fn random_salt() -> Result<[u8; 16]> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| Error::new(format!("no random salt: {e}")))?;
    Ok(salt)
}

/// A salt string, `$2b$10$` and 22 characters of bcrypt's base64.
fn salt_string(round: u32, version: bcrypt::Version) -> Result<String> {
    if !(4..=31).contains(&round) {
        return Err(js_error(bcrypt::BcryptError::CostNotAllowed(round)));
    }
    // The crate encodes a salt only as part of a hash; the cheapest cost
    // gives the same salt text.
    let parts = bcrypt::hash_with_salt(b"", 4, random_salt()?).map_err(js_error)?;
    let prefix = parts.format_for_version(version);
    Ok(format!("{}{round:02}${}", &prefix[..4], parts.get_salt()))
}

fn hash_password(input: &[u8], cost: Option<u32>, salt: Option<&[u8]>) -> Result<String> {
    let salt = match salt {
        Some(s) => <[u8; 16]>::try_from(s).map_err(|_| {
            Error::range_error(format!("salt must be 16 bytes, got {}", s.len()))
                .with_code("ERR_OUT_OF_RANGE")
        })?,
        None => random_salt()?,
    };
    let parts =
        bcrypt::hash_with_salt(input, cost.unwrap_or(DEFAULT_COST), salt).map_err(js_error)?;
    Ok(parts.format_for_version(bcrypt::Version::TwoB))
}

/// A malformed hash does not match anything.
fn verify_password(input: &[u8], hash: &[u8]) -> bool {
    std::str::from_utf8(hash).is_ok_and(|h| bcrypt::verify(input, h).unwrap_or(false))
}

#[export]
fn gen_salt_sync(
    round: u32,
    #[ts(type = "'2a' | '2x' | '2y' | '2b' | undefined")] version: Option<String>,
) -> Result<String> {
    salt_string(round, self::version(version.as_deref())?)
}

/// Work for the thread pool: everything it needs, owned.
pub enum Job {
    Salt(u32, bcrypt::Version),
    Hash {
        input: Vec<u8>,
        cost: Option<u32>,
        salt: Option<Vec<u8>>,
    },
    Verify {
        input: Vec<u8>,
        hash: Vec<u8>,
    },
}

pub enum Done {
    Text(String),
    Match(bool),
}

impl nabi_sdk::ToJs for Done {
    fn to_js(self, env: Env) -> Result<nabi_sdk::sys::napi_value> {
        match self {
            Done::Text(s) => s.to_js(env),
            Done::Match(b) => b.to_js(env),
        }
    }
}

pub struct BcryptTask(Job);

impl Task for BcryptTask {
    type Output = Done;
    type JsValue = Done;
    fn compute(&mut self) -> Result<Done> {
        Ok(match &self.0 {
            Job::Salt(round, v) => Done::Text(salt_string(*round, v.clone())?),
            Job::Hash { input, cost, salt } => {
                Done::Text(hash_password(input, *cost, salt.as_deref())?)
            }
            Job::Verify { input, hash } => Done::Match(verify_password(input, hash)),
        })
    }
    fn resolve(&mut self, _env: Env, out: Done) -> Result<Done> {
        Ok(out)
    }
}

#[export(ts_return_type = "Promise<string>")]
fn gen_salt(
    round: u32,
    #[ts(type = "'2a' | '2x' | '2y' | '2b' | undefined")] version: Option<String>,
    signal: Option<AbortSignal>,
) -> Result<AsyncTask<BcryptTask>> {
    let v = self::version(version.as_deref())?;
    Ok(AsyncTask::with_signal(
        BcryptTask(Job::Salt(round, v)),
        signal,
    ))
}

#[export]
fn hash_sync(
    #[ts(type = "string | Uint8Array")] input: Bytes,
    cost: Option<u32>,
    #[ts(type = "string | Uint8Array | undefined | null")] salt: Option<Bytes>,
) -> Result<String> {
    hash_password(&input, cost, salt.as_deref())
}

/// The bytes are copied for the pool thread: JS may change or detach a
/// Buffer while the hash runs.
#[export(ts_return_type = "Promise<string>")]
fn hash(
    #[ts(type = "Uint8Array | string")] input: Bytes,
    cost: Option<u32>,
    #[ts(type = "string | Uint8Array | undefined | null")] salt: Option<Bytes>,
    signal: Option<AbortSignal>,
) -> AsyncTask<BcryptTask> {
    let job = Job::Hash {
        input: input.to_vec(),
        cost,
        salt: salt.map(|s| s.to_vec()),
    };
    AsyncTask::with_signal(BcryptTask(job), signal)
}

#[export]
fn verify_sync(
    #[ts(type = "string | Uint8Array")] input: Bytes,
    #[ts(type = "string | Uint8Array")] hash: Bytes,
) -> bool {
    verify_password(&input, &hash)
}

#[export(ts_return_type = "Promise<boolean>")]
fn verify(
    #[ts(type = "Uint8Array | string")] password: Bytes,
    #[ts(type = "Uint8Array | string")] hash: Bytes,
    signal: Option<AbortSignal>,
) -> AsyncTask<BcryptTask> {
    let job = Job::Verify {
        input: password.to_vec(),
        hash: hash.to_vec(),
    };
    AsyncTask::with_signal(BcryptTask(job), signal)
}

/// `compare` is `verify` (one function object under both names).
#[nabi_sdk::module_init]
fn aliases(_env: Env, exports: nabi_sdk::Object) -> Result<()> {
    exports.set_raw("compare", exports.get_raw("verify")?)?;
    exports.set_raw("compareSync", exports.get_raw("verifySync")?)
}
