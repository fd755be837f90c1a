//! TypeScript declarations: `nabi-sdk-dts` covers every kind of export, and
//! stays correct across incremental builds (change a signature, rebuild, check).
mod common;

use std::path::Path;
use std::process::Command;

fn dts(addon: &Path) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_nabi-sdk-dts"))
        .arg(addon)
        .output()
        .expect("run nabi-sdk-dts");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

fn assert_has(d: &str, lines: &[&str]) {
    for l in lines {
        assert!(d.lines().any(|x| x == *l), "missing `{l}` in:\n{d}");
    }
}

#[test]
fn declarations_cover_every_export_kind() {
    let d = dts(&common::build_fixture("hello"));
    assert_has(
        &d,
        &[
            "export declare function add(a: number, b: number): number",
            "export declare function sumI32(a: number, b: number): number",
            "export declare function callTwice(f: (arg0: number) => number, v: number): number",
            "export declare function maybeDouble(v?: number | null): number | null",
            "export declare function readSecret(s: ExternalObject): string",
            "export declare function swap(t: [number, string]): [string, number]",
            "export declare function brandedSum(items: ReadonlyArray<number>): number & { __brand: 'sum' }",
            "export declare const ANSWER: number",
        ],
    );
    let d = dts(&common::build_fixture("classes"));
    assert_has(
        &d,
        &[
            "export declare class Counter {",
            "  constructor(start?: number | null)",
            "  static withStep(step: number): Counter",
            "  get value(): number",
            "  set value(v: number)",
            "  static sum(a: Counter, b: Counter): number",
            "  bump(n: number): this",
            "  checked(ok: boolean): this",
            "  feed(bytes: Uint8Array): this",
            "  feedChecked(n: number): this",
            "export declare function counterValue(c: Counter): number",
        ],
    );
    let d = dts(&common::build_fixture("objects"));
    assert_has(
        &d,
        &[
            "export interface Config {",
            "  timeoutMs?: number | null",
            "export declare enum Color {",
            "  Green = 10,",
            "export declare function nextColor(c: Color): Color",
        ],
    );
    let d = dts(&common::build_fixture("asyncwork"));
    assert_has(
        &d,
        &[
            "export declare function delayedAdd(a: number, b: number, ms: number): Promise<number>",
            "export declare function fib(n: number, sleepMs?: number | null, signal?: AbortSignal | null): Promise<number>",
        ],
    );
}

#[test]
fn not_an_addon_is_a_clear_error() {
    let o = Command::new(env!("CARGO_BIN_EXE_nabi-sdk-dts"))
        .arg("/nonexistent/addon.node")
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot load /nonexistent/addon.node"));
}

const MANIFEST: &str = r#"[package]
name = "nabi-dts-staleness"
version = "0.0.0"
edition = "2021"
publish = false

[lib]
crate-type = ["cdylib"]

[dependencies]
nabi-sdk = { path = "@SDK@" }

[workspace]

[profile.dev.package."*"]
opt-level = 2
"#;

const V1: &str = r#"
#[nabi_sdk::export]
fn compute(a: f64, b: f64) -> f64 { a + b }

#[nabi_sdk::class]
pub struct Thing { n: u32 }

#[nabi_sdk::methods]
impl Thing {
    #[constructor]
    pub fn new(n: u32) -> Self { Thing { n } }
    pub fn get(&self) -> u32 { self.n }
}
"#;

const V2: &str = r#"
#[nabi_sdk::export]
fn compute(a: f64, label: String, c: Option<bool>) -> String { format!("{label}{a}{c:?}") }

#[nabi_sdk::export]
fn added_later() {}

#[nabi_sdk::class]
pub struct Thing { n: u32 }

#[nabi_sdk::methods]
impl Thing {
    #[constructor]
    pub fn new(n: u32) -> Self { Thing { n } }
    pub fn renamed(&self) -> Vec<u32> { vec![self.n] }
}
"#;

#[test]
fn declarations_follow_incremental_rebuilds() {
    let (target, profile) = common::target_dir();
    let dir = target.join("nabi-dts-staleness");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let sdk = common::repo_root().join("addon-sdk");
    std::fs::write(
        dir.join("Cargo.toml"),
        MANIFEST.replace("@SDK@", &sdk.display().to_string().replace('\\', "/")),
    )
    .unwrap();
    // Same dependency versions as the main workspace, resolved without the network.
    std::fs::copy(
        common::repo_root().join("Cargo.lock"),
        dir.join("Cargo.lock"),
    )
    .unwrap();

    let build = |src: &str| {
        std::fs::write(dir.join("src/lib.rs"), src).unwrap();
        let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        cmd.current_dir(&dir)
            .args(["build", "--quiet"])
            .env("CARGO_TARGET_DIR", &target);
        if profile == "release" {
            cmd.arg("--release");
        }
        assert!(
            cmd.status().unwrap().success(),
            "build of the staleness crate failed"
        );
        let so = target
            .join(&profile)
            .join(common::dylib_name("nabi_dts_staleness"));
        dts(&so)
    };

    let d1 = build(V1);
    assert_has(
        &d1,
        &[
            "export declare function compute(a: number, b: number): number",
            "  get(): number",
        ],
    );
    let d2 = build(V2);
    assert_has(
        &d2,
        &[
            "export declare function compute(a: number, label: string, c?: boolean | null): string",
            "export declare function addedLater(): void",
            "  renamed(): Array<number>",
        ],
    );
    assert!(
        !d2.contains("compute(a: number, b: number)"),
        "stale declaration:\n{d2}"
    );
    assert!(!d2.contains("get(): number"), "stale declaration:\n{d2}");
    // And back: the first signature returns.
    let d3 = build(V1);
    assert_eq!(d1, d3);
}
