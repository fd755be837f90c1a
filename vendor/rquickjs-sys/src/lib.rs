#![allow(non_upper_case_globals)]
#![allow(non_camel_case_types)]
#![allow(non_snake_case)]
#![allow(clippy::unreadable_literal)]
#![allow(clippy::missing_safety_doc)]
#![allow(clippy::upper_case_acronyms)]
#![allow(clippy::uninlined_format_args)]
#![no_std]

use ::core::ptr;

/// Common error message for converting between C `size_t` and Rust `usize`;
pub const SIZE_T_ERROR: &str =
    "conversion between C type 'size_t' and Rust type 'usize' overflowed.";

include!(concat!(env!("OUT_DIR"), "/bindings.rs"));

#[cfg(not(feature = "bindgen"))]
include!(concat!("bindings/", bindings_env!("TARGET"), ".rs"));

#[cfg(target_pointer_width = "64")]
include!("inlines/ptr_64.rs");

#[cfg(target_pointer_width = "32")]
include!("inlines/ptr_32_nan_boxing.rs");

include!("inlines/common.rs");

/* nabi: the functions nabi's patches add to QuickJS-ng (quickjs.h, marked
`nabi:`), declared here rather than in every target's generated bindings. */
extern "C" {
    /// The current continuation data (a new reference).
    pub fn JS_GetContinuationData(ctx: *mut JSContext) -> JSValue;
    /// Replaces the continuation data; takes ownership of `v`.
    pub fn JS_SetContinuationData(ctx: *mut JSContext, v: JSValue);
    /// `JS_FreeRuntime` that, with objects still held, leaves the runtime
    /// allocated and returns false instead of aborting.
    pub fn JS_FreeRuntimeIfUnused(rt: *mut JSRuntime) -> bool;
    /// An empty fast array of length `len` (holes) with room for
    /// `capacity` elements.
    pub fn JS_NewArrayWithLength(ctx: *mut JSContext, len: u32, capacity: u32) -> JSValue;
    /// Sets element `idx` of a fast array to a copy of `val` without the
    /// property machinery: 1 done, 0 take the general path (nothing
    /// changed), -1 out of memory (thrown).
    pub fn JS_SetFastArrayElement(
        ctx: *mut JSContext,
        obj: JSValue,
        idx: u32,
        val: JSValue,
    ) -> i32;
    /// `JS_SetProperty` with `flags` (0: sloppy mode, a refusal returns 0
    /// and throws nothing; -1 only when something threw). Takes `val`.
    pub fn JS_SetPropertyWithFlags(
        ctx: *mut JSContext,
        this_obj: JSValue,
        prop: JSAtom,
        val: JSValue,
        flags: i32,
    ) -> i32;
}
