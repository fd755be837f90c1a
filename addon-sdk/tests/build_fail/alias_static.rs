// error: borrows from JS but shows no lifetime
// A type alias hides the 'static of the borrow.
use nabi_sdk::export;

type Kept = &'static [u8];

#[export]
fn keep(b: Kept) -> usize {
    b.len()
}

