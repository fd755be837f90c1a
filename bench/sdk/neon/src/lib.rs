//! Benchmark addon: the call-overhead cases written with neon 1.x
//! (`FunctionContext` style, neon's fastest path).
use std::cell::RefCell;

use neon::prelude::*;
use neon::types::buffer::TypedArray;

fn noop(mut cx: FunctionContext) -> JsResult<JsUndefined> {
    Ok(cx.undefined())
}

fn add(mut cx: FunctionContext) -> JsResult<JsNumber> {
    let a = cx.argument::<JsNumber>(0)?.value(&mut cx);
    let b = cx.argument::<JsNumber>(1)?.value(&mut cx);
    Ok(cx.number(a + b))
}

fn slice_len(mut cx: FunctionContext) -> JsResult<JsNumber> {
    let b = cx.argument::<JsTypedArray<u8>>(0)?;
    let len = b.as_slice(&cx).len();
    Ok(cx.number(len as f64))
}

fn greet(mut cx: FunctionContext) -> JsResult<JsString> {
    let s = cx.argument::<JsString>(0)?.value(&mut cx);
    let mut out = String::with_capacity(s.len() + 1);
    out.push_str(&s);
    out.push('!');
    Ok(cx.string(out))
}

/// neon's serde support goes through JSON text; reading the fields one by
/// one is its faster idiom, so the benchmark uses that.
fn scale(mut cx: FunctionContext) -> JsResult<JsObject> {
    let o = cx.argument::<JsObject>(0)?;
    let x = o.get::<JsNumber, _, _>(&mut cx, "x")?.value(&mut cx);
    let y = o.get::<JsNumber, _, _>(&mut cx, "y")?.value(&mut cx);
    let z = o.get::<JsNumber, _, _>(&mut cx, "z")?.value(&mut cx);
    let r = cx.empty_object();
    let xv = cx.number(x * 2.0);
    r.set(&mut cx, "x", xv)?;
    let yv = cx.number(y * 2.0);
    r.set(&mut cx, "y", yv)?;
    let zv = cx.number(z * 2.0);
    r.set(&mut cx, "z", zv)?;
    Ok(r)
}

struct Counter {
    n: f64,
}

impl Finalize for Counter {}

fn counter_new(mut cx: FunctionContext) -> JsResult<JsBox<RefCell<Counter>>> {
    Ok(cx.boxed(RefCell::new(Counter { n: 0.0 })))
}

fn counter_incr(mut cx: FunctionContext) -> JsResult<JsNumber> {
    let c = cx.argument::<JsBox<RefCell<Counter>>>(0)?;
    let mut c = c.borrow_mut();
    c.n += 1.0;
    let n = c.n;
    Ok(cx.number(n))
}

#[neon::main]
fn main(mut cx: ModuleContext) -> NeonResult<()> {
    cx.export_function("noop", noop)?;
    cx.export_function("add", add)?;
    cx.export_function("sliceLen", slice_len)?;
    cx.export_function("greet", greet)?;
    cx.export_function("scale", scale)?;
    cx.export_function("counterNew", counter_new)?;
    cx.export_function("counterIncr", counter_incr)?;
    Ok(())
}
