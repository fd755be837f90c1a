// An async fn runs after the call returns: it cannot hold a borrow of JS memory.
use nabi_sdk::export;

#[export]
async fn f(buf: &[u8]) -> u32 {
    buf.len() as u32
}

fn main() {}
