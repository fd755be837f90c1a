// A borrow of a class instance kept past the call: JS may collect it after.
use nabi_sdk::{class, export, methods};

#[class]
pub struct Cell {
    v: u32,
}

#[methods]
impl Cell {
    #[constructor]
    pub fn new() -> Self {
        Cell { v: 0 }
    }
}

#[export]
fn keep(c: &'static Cell) -> u32 {
    c.v
}

fn main() {}
