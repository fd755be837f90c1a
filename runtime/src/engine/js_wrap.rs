//! The one-line function wrapper built-ins and CommonJS modules are compiled
//! in (`binding.compileFunction`). Shared with build.rs, which precompiles
//! the built-ins to bytecode in exactly this shape.

/// `(function (params) {body\n})`: one line of wrapper before the body, so
/// the body's line numbers hold in stack traces.
pub fn function_source(params: &[&str], body: &str) -> String {
    format!("(function ({}) {{{}\n}})", params.join(", "), body)
}
