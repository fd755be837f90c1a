// error: this conversion cannot return a borrowed type
// A borrow returned by a JS callback has nothing tying it to a call.
use nabi_sdk::{export, Function, Object};

#[export]
fn f(o: Object) -> usize {
    let cb: Function<(), &'static [u8]> = o.get("cb").unwrap();
    cb.call(()).map(|b| b.len()).unwrap_or(0)
}
