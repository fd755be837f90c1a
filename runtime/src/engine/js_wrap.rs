//! The function wrapper built-ins and CommonJS modules are compiled in
//! (`binding.compileFunction`). Shared with build.rs, which precompiles the
//! built-ins to bytecode in exactly this shape.

/// `(function (params) {\n\nbody\n})`, compiled with its first line numbered
/// [`FIRST_LINE`]: the wrapper's two lines come before line 1, so the body's
/// lines *and* columns hold in stack traces, as in Node. (Two lines, -1 and
/// 0, because `JS_Eval2` reads a line number of 0 as "unset".)
pub fn function_source(params: &[&str], body: &str) -> String {
    format!("(function ({}) {{\n\n{}\n}})", params.join(", "), body)
}

/// The line number the wrapper's own line gets (`JSEvalOptions::line_num`).
pub const FIRST_LINE: i32 = -1;
