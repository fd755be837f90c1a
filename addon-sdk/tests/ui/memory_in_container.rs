// An element's getter could detach the buffer of an element read before it.
use nabi_sdk::export;

#[export]
fn total(chunks: Vec<&[u8]>) -> usize {
    chunks.iter().map(|c| c.len()).sum()
}

fn main() {}
