// `&'static self` on a method would keep the JS object's Rust half borrowed forever.
use nabi_sdk::{class, methods};

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
    pub fn keep(&'static self) -> u32 {
        self.v
    }
}

fn main() {}
