//! JS callbacks: `Function<Args, Ret>` (call during the current call) and
//! `FunctionRef` (keep a function across calls, on the JS thread).

use std::marker::PhantomData;
use std::ptr;

use crate::convert::expected;
use crate::sys;
use crate::sys::ValueType;
use crate::{Env, FromJs, Result, ToJs};

/// Argument lists a JS function can be called with: tuples of [`ToJs`] values.
pub trait JsArgs {
    /// Converts the arguments and calls `f(argv)`.
    fn with_args<R>(self, env: Env, f: impl FnOnce(&[sys::napi_value]) -> Result<R>) -> Result<R>;
    /// TypeScript parameter list.
    fn ts_params() -> String;
}

impl JsArgs for () {
    fn with_args<R>(self, _env: Env, f: impl FnOnce(&[sys::napi_value]) -> Result<R>) -> Result<R> {
        f(&[])
    }
    fn ts_params() -> String {
        String::new()
    }
}

macro_rules! args_impl {
    ($n:expr; $($name:ident $idx:tt),+) => {
        impl<$($name: ToJs),+> JsArgs for ($($name,)+) {
            fn with_args<R>(self, env: Env, f: impl FnOnce(&[sys::napi_value]) -> Result<R>) -> Result<R> {
                let argv: [sys::napi_value; $n] = [$(self.$idx.to_js(env)?),+];
                f(&argv)
            }
            fn ts_params() -> String {
                let parts: Vec<String> = vec![$(format!("arg{}: {}", $idx, $name::ts_type())),+];
                parts.join(", ")
            }
        }
    };
}
args_impl!(1; A 0);
args_impl!(2; A 0, B 1);
args_impl!(3; A 0, B 1, C 2);
args_impl!(4; A 0, B 1, C 2, D 3);
args_impl!(5; A 0, B 1, C 2, D 3, E 4);

#[inline(never)]
pub(crate) fn call_raw(
    env: Env,
    this: sys::napi_value,
    f: sys::napi_value,
    args: &[sys::napi_value],
) -> Result<sys::napi_value> {
    let mut out = ptr::null_mut();
    env.check(unsafe {
        sys::napi_call_function(env.raw(), this, f, args.len(), args.as_ptr(), &mut out)
    })?;
    Ok(out)
}

/// A JS function taking `Args` (a tuple) and returning `Ret`, usable during
/// the current call on the JS thread.
pub struct Function<Args = (), Ret = crate::Unknown> {
    env: Env,
    raw: sys::napi_value,
    _p: PhantomData<fn(Args) -> Ret>,
}

impl<Args, Ret> Clone for Function<Args, Ret> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<Args, Ret> Copy for Function<Args, Ret> {}

impl<Args: JsArgs, Ret: FromJs> Function<Args, Ret> {
    /// Calls the function with `this = undefined`.
    pub fn call(&self, args: Args) -> Result<Ret> {
        let env = self.env;
        let raw = self.raw;
        args.with_args(env, |argv| {
            let r = call_raw(env, env.undefined(), raw, argv)?;
            unsafe { crate::convert::owned_from_js::<Ret>(env, r) }
        })
    }

    /// The raw value.
    pub fn raw(&self) -> sys::napi_value {
        self.raw
    }

    /// Keeps the function alive across calls.
    pub fn to_ref(&self) -> Result<FunctionRef<Args, Ret>> {
        let mut r = ptr::null_mut();
        self.env
            .check(unsafe { sys::napi_create_reference(self.env.raw(), self.raw, 1, &mut r) })?;
        Ok(FunctionRef {
            env: self.env,
            env_alive: self.env.data().alive.clone(),
            raw: r,
            _p: PhantomData,
        })
    }
}

impl<Args: JsArgs, Ret: FromJs> FromJs for Function<Args, Ret> {
    #[inline]
    unsafe fn from_js(env: Env, v: sys::napi_value) -> Result<Self> {
        if env.type_of(v)? != ValueType::napi_function {
            return Err(expected(env, v, "a function"));
        }
        Ok(Function {
            env,
            raw: v,
            _p: PhantomData,
        })
    }
    fn ts_type() -> String {
        format!("({}) => {}", Args::ts_params(), Ret::ts_type())
    }
}

impl<Args: JsArgs, Ret: FromJs> ToJs for Function<Args, Ret> {
    fn to_js(self, _env: Env) -> Result<sys::napi_value> {
        Ok(self.raw)
    }
    fn ts_type() -> String {
        format!("({}) => {}", Args::ts_params(), Ret::ts_type())
    }
}

/// A persistent reference to a JS function (a `napi_ref`), kept across calls.
/// Use it on the JS thread only; dropping it deletes the reference — or does
/// nothing once its env is gone (a `thread_local` dropped at process exit).
pub struct FunctionRef<Args = (), Ret = crate::Unknown> {
    env: Env,
    env_alive: std::sync::Arc<std::sync::atomic::AtomicBool>,
    raw: sys::napi_ref,
    _p: PhantomData<fn(Args) -> Ret>,
}

impl<Args: JsArgs, Ret: FromJs> FunctionRef<Args, Ret> {
    /// The function, for the current call.
    pub fn get(&self, env: Env) -> Result<Function<Args, Ret>> {
        let mut v = ptr::null_mut();
        env.check(unsafe { sys::napi_get_reference_value(env.raw(), self.raw, &mut v) })?;
        unsafe { Function::from_js(env, v) }
    }

    /// Calls the referenced function.
    pub fn call(&self, env: Env, args: Args) -> Result<Ret> {
        self.get(env)?.call(args)
    }
}

impl<Args, Ret> Drop for FunctionRef<Args, Ret> {
    fn drop(&mut self) {
        if self.env_alive.load(std::sync::atomic::Ordering::SeqCst) {
            unsafe { sys::napi_delete_reference(self.env.raw(), self.raw) };
        }
    }
}
