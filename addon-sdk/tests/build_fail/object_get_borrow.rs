// error: this conversion cannot return a borrowed type
// A borrow read through Object::get has nothing tying it to a call.
use nabi_sdk::{export, Object};

#[export]
fn f(o: Object) -> usize {
    let b: &'static [u8] = o.get("bytes").unwrap();
    b.len()
}

