//! The napi-rs ports in `examples/` (the JS APIs of @node-rs/xxhash and
//! @node-rs/bcrypt): each example's `test.js` in node, nabi, Bun and Deno,
//! and its `.d.ts` against the published one, apart from the differences
//! docs/PORTING-FROM-NAPI-RS.md lists.
mod common;

use std::process::Command;

fn dts(addon: &std::path::Path) -> String {
    let exe = env!("CARGO_BIN_EXE_nabi-sdk-dts");
    let o = Command::new(exe)
        .arg(addon)
        .output()
        .expect("run nabi-sdk-dts");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn xxhash_port() {
    let addon = common::build_package("example-xxhash", "xxhash");
    let js = common::repo_root().join("examples/xxhash/test.js");
    let hosts = common::run_js_everywhere(&addon, &js, "xxhash: ok");
    eprintln!("xxhash: passed in {}", hosts.join(", "));
    // The published index.d.ts of @node-rs/xxhash 1.7, with napi-rs's
    // `| undefined | null` written `| null` (the `?` already admits
    // `undefined`) and without its blank lines and header comment.
    let want = "\
export declare class Xxh32 {
  constructor(seed?: number | null)
  update(input: string | Uint8Array): this
  digest(): number
  reset(newState?: number | null): void
}
export declare class Xxh64 {
  constructor(seed?: bigint | null)
  update(input: string | Uint8Array): this
  digest(): bigint
  reset(newState?: bigint | null): void
}
export declare function xxh32(input: Uint8Array | string, seed?: number | null): number
export declare function xxh64(input: Uint8Array | string, seed?: bigint | null): bigint
export declare namespace xxh3 {
  export class Xxh3 {
    static withSeed(seed?: bigint | null): Xxh3
    static withSecret(secret: Uint8Array): Xxh3
    update(input: string | Uint8Array): this
    digest(): bigint
    reset(): void
  }
  export function xxh128(input: string | Uint8Array, seed?: bigint | null): bigint
  export function xxh128WithSecret(input: string | Uint8Array, secret: Uint8Array): bigint
  export function xxh64(input: Uint8Array | string, seed?: bigint | null): bigint
  export function xxh64WithSecret(input: string | Uint8Array, secret: Uint8Array): bigint
}
";
    let got = dts(&addon);
    let body = got.split_once("*/\n\n").map_or(got.as_str(), |(_, b)| b);
    assert_eq!(body, want);
}

#[test]
fn bcrypt_port() {
    let addon = common::build_package("example-bcrypt", "bcrypt");
    let js = common::repo_root().join("examples/bcrypt/test.js");
    let hosts = common::run_js_everywhere(&addon, &js, "bcrypt: ok");
    eprintln!("bcrypt: passed in {}", hosts.join(", "));
    // The published binding.d.ts of @node-rs/bcrypt 1.10, with `export
    // declare const` for napi-rs's `export const`, `| undefined | null`
    // written `| null`, `genSalt`'s `signal?: AbortSignal` as
    // `AbortSignal | null` (null is accepted), without blank lines; its
    // index.d.ts adds `compare`/`compareSync` (`typeof verify`), which the
    // port sets in `#[module_init]`.
    let want = "\
export declare const DEFAULT_COST: number
export declare function genSalt(round: number, version?: '2a' | '2x' | '2y' | '2b', signal?: AbortSignal | null): Promise<string>
export declare function genSaltSync(round: number, version?: '2a' | '2x' | '2y' | '2b'): string
export declare function hash(input: Uint8Array | string, cost?: number | null, salt?: string | Uint8Array | null, signal?: AbortSignal | null): Promise<string>
export declare function hashSync(input: string | Uint8Array, cost?: number | null, salt?: string | Uint8Array | null): string
export declare function verify(password: Uint8Array | string, hash: Uint8Array | string, signal?: AbortSignal | null): Promise<boolean>
export declare function verifySync(input: string | Uint8Array, hash: string | Uint8Array): boolean
";
    let got = dts(&addon);
    let body = got.split_once("*/\n\n").map_or(got.as_str(), |(_, b)| b);
    assert_eq!(body, want);
}
