//! nabi-sdk: write Node-API addons in Rust.
//!
//! An addon marks Rust items with [`export`], [`class`]/[`methods`],
//! [`object`] and [`module_init`]; the SDK registers them through
//! `napi_register_module_v1` once per env (main thread and each worker), converts
//! arguments and results through the [`FromJs`]/[`ToJs`] traits, and turns Rust
//! errors *and panics* into JS exceptions at every boundary.
//!
//! What it must not do:
//! - let a panic unwind into the host (every `extern "C"` entry point catches it);
//! - link `napi_*` symbols at build time: they are resolved at load time from the
//!   host executable through `napi-sys`'s `dyn-symbols`, so the same `.node` file
//!   loads in Node, Bun and nabi;
//! - allocate on the call path for number arguments and borrowed slices;
//! - reach into engine internals: only Node-API calls.

#![allow(clippy::missing_safety_doc)]
// `napi_value` is an opaque engine handle that Rust never dereferences; the
// host validates it. Functions taking one are therefore not `unsafe`.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

mod class;
mod convert;
mod env;
mod error;
mod function;
pub mod limits;
mod object;
#[doc(hidden)]
pub mod private;
#[cfg(feature = "serde")]
mod serde_js;
mod task;
mod tsfn;
mod values;

#[doc(hidden)]
pub use class::drop_instance;
pub use class::Class;
pub use convert::{Either, Either3, FromJs, ToJs};
pub use env::Env;
pub use error::{set_panic_output, Error, ErrorKind, Result};
pub use function::{Function, FunctionRef, JsArgs};
pub use nabi_sdk_macros::{class, export, methods, module_init, object};
pub use napi_sys as sys;
pub use object::Object;
#[cfg(feature = "serde")]
pub use serde_js::{from_js, to_js, Serde};
#[cfg(feature = "tokio")]
pub use task::tokio_runtime;
pub use task::{AbortSignal, AsyncTask, Task};
pub use tsfn::{CallMode, ThreadsafeFunction};
pub use values::{
    ArrayBuffer, BigInt, BigIntI64, BigIntU64, Buffer, BufferRef, Bytes, Date, External, Symbol,
    This, Unknown,
};

/// The Node-API version this crate was built for (cargo features `napi1`..`napi10`).
pub const NAPI_VERSION: i32 = if cfg!(feature = "napi10") {
    10
} else if cfg!(feature = "napi9") {
    9
} else if cfg!(feature = "napi8") {
    8
} else if cfg!(feature = "napi7") {
    7
} else if cfg!(feature = "napi6") {
    6
} else if cfg!(feature = "napi5") {
    5
} else if cfg!(feature = "napi4") {
    4
} else if cfg!(feature = "napi3") {
    3
} else if cfg!(feature = "napi2") {
    2
} else {
    1
};
