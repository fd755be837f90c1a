//! url's native side: hosts through the WHATWG host parser (the `url`
//! crate), for `url.domainToASCII` and `url.domainToUnicode`.

use napi_host::qjs;
use rquickjs_sys::{JSContext, JSValue};

use super::args::{arg, native_fn, set_fns};
use crate::engine::Options;

/// The host serialized as a URL would hold it, or None when invalid.
fn parse_host(input: &str) -> Option<url::Host> {
    url::Host::parse(input).ok()
}

/// `binding.domainToASCII(s)`: the host's ASCII form, '' when invalid.
unsafe fn domain_to_ascii(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let input = qjs::to_rust_string(ctx, arg(a, 0)).unwrap_or_default();
    let out = parse_host(&input).map(|h| h.to_string()).unwrap_or_default();
    qjs::string(ctx, &out)
}

/// `binding.domainToUnicode(s)`: the host with its labels decoded, '' when
/// invalid.
unsafe fn domain_to_unicode(ctx: *mut JSContext, a: &[JSValue]) -> JSValue {
    let input = qjs::to_rust_string(ctx, arg(a, 0)).unwrap_or_default();
    let out = match parse_host(&input) {
        Some(url::Host::Domain(d)) => idna::domain_to_unicode(&d).0,
        Some(h) => h.to_string(),
        None => String::new(),
    };
    qjs::string(ctx, &out)
}

pub(crate) unsafe fn install(ctx: *mut JSContext, b: JSValue, _: &Options) {
    set_fns(
        ctx,
        b,
        &[
            (c"domainToASCII", native_fn!(domain_to_ascii), 1),
            (c"domainToUnicode", native_fn!(domain_to_unicode), 1),
        ],
    );
}
