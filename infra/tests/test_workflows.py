"""The GitOps chain as GitHub reads it: .github/workflows parsed as YAML and held to the rules
GitHub applies (which a linter may let through) and to the chain this project promises.

- Reusable workflows are called by a valid local reference (`./.github/workflows/NAME.yml`), the
  file exists, declares `on: workflow_call`, and gets every input and secret it requires.
- Pull requests plan with the read-only role only; on main: apply, then the API and site
  pipelines, which also run alone on a change to any file their build reads.
- Deploys of one kind never overlap (a concurrency group each, never cancelled) and never run
  beside an apply (each waits for the other kind's earlier runs before it signs in to AWS).
- Every action pinned to a full commit SHA; `permissions: {}` at the top and the least each job
  needs; id-token only where a job signs in to AWS.

WORKFLOWS_DIR points it at another folder of workflows (to show what it finds in an old one).
"""
import os
import pathlib
import re
import subprocess
import tomllib
import zipfile

import pytest
import yaml

REPO = pathlib.Path(__file__).resolve().parents[2]
WORKFLOWS = pathlib.Path(os.environ.get("WORKFLOWS_DIR", REPO / ".github/workflows"))
ROLE_VARS = {"AWS_ROLE_PLAN": "plan", "AWS_ROLE_INFRA": "infra", "AWS_ROLE_API": "api", "AWS_ROLE_SITE": "site"}
CONFIGURE_AWS = "aws-actions/configure-aws-credentials"


def load(name):
    text = (WORKFLOWS / name).read_text()
    # YAML 1.1 reads a bare `on` as true: GitHub means the key "on".
    doc = yaml.load(text, Loader=yaml.BaseLoader)
    return doc, text


ALL = {p.name: load(p.name) for p in sorted(WORKFLOWS.glob("*.yml"))}


def triggers(doc):
    on = doc["on"]
    return {on: {}} if isinstance(on, str) else {k: (v or {}) for k, v in on.items()}


def jobs(doc):
    return doc["jobs"]


def steps(job):
    return job.get("steps", [])


def aws_role(job):
    """The pipeline role a job signs in with (plan, infra, api, site), or None."""
    for step in steps(job):
        if step.get("uses", "").startswith(CONFIGURE_AWS):
            match = re.search(r"vars\.(AWS_ROLE_[A-Z]+)", step["with"]["role-to-assume"])
            return ROLE_VARS[match.group(1)]
    return None


def github_glob(pattern):
    """A regex for a GitHub paths filter pattern: * stays within a folder, ** crosses them."""
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**", i):
            out += ".*"
            i += 2
        elif pattern[i] == "*":
            out += "[^/]*"
            i += 1
        else:
            out += re.escape(pattern[i])
            i += 1
    return re.compile(out + "$")


def covered(paths, file):
    return any(github_glob(p).match(file) for p in paths)


def tracked(prefix):
    out = subprocess.run(["git", "ls-files", prefix], cwd=REPO, capture_output=True, text=True, check=True)
    return out.stdout.splitlines()


def crate_closure(*names):
    """The workspace crates a build of `names` compiles (path dependencies, transitively)."""
    root = tomllib.loads((REPO / "Cargo.toml").read_text())
    workspace_paths = {k: v["path"] for k, v in root["workspace"]["dependencies"].items() if isinstance(v, dict) and "path" in v}
    dirs = {}
    for member in root["workspace"]["members"]:
        manifest = tomllib.loads((REPO / member / "Cargo.toml").read_text())
        dirs[manifest["package"]["name"]] = member
    seen, todo = set(), list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        manifest = tomllib.loads((REPO / dirs[name] / "Cargo.toml").read_text())
        for section in ("dependencies", "build-dependencies"):
            for dep, spec in manifest.get(section, {}).items():
                if isinstance(spec, dict) and (spec.get("workspace") and dep in workspace_paths or "path" in spec):
                    todo.append(dep)
    return sorted(dirs[n] for n in seen)


# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ALL))
def test_reusable_workflows_are_called_by_valid_local_references(name):
    doc, _ = ALL[name]
    for job_id, job in jobs(doc).items():
        uses = job.get("uses")
        if uses is None:
            continue
        assert re.fullmatch(r"\./\.github/workflows/[A-Za-z0-9_.-]+\.ya?ml", uses), (
            f"{name} job {job_id}: `uses: {uses}` is not a local reusable-workflow reference "
            "(./.github/workflows/NAME.yml); GitHub rejects the whole file")
        called_file = REPO / uses
        assert called_file.is_file(), f"{name} job {job_id}: {uses} does not exist"
        called, _ = load(called_file.name)
        call = triggers(called).get("workflow_call")
        assert call is not None, f"{uses} has no `on: workflow_call`"
        for kind in ("inputs", "secrets"):
            passed = set((job.get("with" if kind == "inputs" else "secrets") or {}))
            if job.get("secrets") == "inherit":
                continue
            required = {k for k, v in (call.get(kind) or {}).items() if str((v or {}).get("required", "false")) == "true"}
            assert required <= passed, f"{name} job {job_id} does not pass {kind} {required - passed} to {uses}"


def test_pull_requests_only_plan_with_the_read_only_role():
    for name, (doc, _) in ALL.items():
        if "pull_request" not in triggers(doc):
            continue
        for job_id, job in jobs(doc).items():
            role = aws_role(job)
            if role is None:
                continue
            condition = job.get("if", "")
            on_pull_requests = "pull_request" in condition and "!=" not in condition.split("pull_request")[0][-20:]
            if role == "plan":
                assert on_pull_requests, f"{name} job {job_id}: the plan role outside pull requests"
                assert "plan" in " ".join(s.get("run", "") for s in steps(job)) and "apply" not in " ".join(
                    s.get("run", "") for s in steps(job)), f"{name} job {job_id}: the plan job must only plan"
            else:
                assert "github.event_name != 'pull_request'" in condition and "refs/heads/main" in condition, (
                    f"{name} job {job_id} signs in as {role} but may run on a pull request")


def test_main_applies_then_runs_the_api_and_site_pipelines():
    doc, _ = ALL["infra.yml"]
    assert triggers(doc)["push"]["branches"] == ["main"]
    apply = [j for j, job in jobs(doc).items() if aws_role(job) == "infra"]
    assert len(apply) == 1, "one apply job, with the infrastructure role"
    runs = " ".join(s.get("run", "") for s in steps(jobs(doc)[apply[0]]))
    assert "terraform apply" in runs
    # A change to the pipelines' own roles stops before the apply (an administrator's to make).
    guard = runs.find("refuse-admin-changes")
    assert 0 <= guard < runs.find("terraform apply -no-color tfplan"), "the admin-only guard runs before the apply"
    chained = {job["uses"]: job for job in jobs(doc).values() if "uses" in job}
    for pipeline in ("./.github/workflows/api.yml", "./.github/workflows/site.yml"):
        assert pipeline in chained, f"infra.yml does not run {pipeline} after the apply"
        needs = chained[pipeline].get("needs")
        assert apply[0] in ([needs] if isinstance(needs, str) else needs), f"{pipeline} must wait for the apply"


def test_each_pipeline_runs_on_a_change_to_any_file_its_build_reads():
    builds = {
        # the function and the deploy tool
        "api.yml": crate_closure("lambda", "cloud-resume") + ["Cargo.toml", "Cargo.lock"],
        # the renderer and deploy tool, and what it renders
        "site.yml": crate_closure("cloud-resume") + ["Cargo.toml", "Cargo.lock", "examples", "resume.json", "theme/x.css"],
        "infra.yml": ["infra"],
    }
    for name, reads in builds.items():
        doc, _ = ALL[name]
        paths = triggers(doc)["push"]["paths"]
        files = []
        for read in reads:
            files += tracked(read) or [read]
        files += [f".github/workflows/{name}", ".github/scripts/wait-for-runs"]
        missed = [f for f in files if not covered(paths, f)]
        assert not missed, f"{name} does not run on a change to {missed[:10]}"


def deploy_jobs():
    """(workflow, job id, job, role) of every job that signs in with a deploying role."""
    out = []
    for name, (doc, _) in ALL.items():
        for job_id, job in jobs(doc).items():
            role = aws_role(job)
            if role in ("infra", "api", "site"):
                out.append((name, job_id, job, role))
    return out


def test_deploys_of_one_kind_never_overlap_and_never_run_beside_an_apply():
    groups = {}
    waits_for = {"infra": {"api.yml", "site.yml"}, "api": {"infra.yml"}, "site": {"infra.yml"}}
    for name, job_id, job, role in deploy_jobs():
        concurrency = job.get("concurrency")
        assert isinstance(concurrency, dict) and concurrency.get("cancel-in-progress") == "false", (
            f"{name} job {job_id}: a concurrency group that never cancels a deploy in progress")
        assert "${{" not in concurrency["group"], f"{name} job {job_id}: one fixed group per kind"
        groups.setdefault(role, set()).add(concurrency["group"])
        # Before signing in: wait for the other kinds' runs that started earlier.
        before_aws = []
        for step in steps(job):
            if step.get("uses", "").startswith(CONFIGURE_AWS):
                break
            before_aws.append(step.get("run", ""))
        waited = set()
        for run in before_aws:
            match = re.search(r"wait-for-runs ([^\n]+)", run)
            if match:
                waited |= set(match.group(1).split())
        assert waits_for[role] <= waited, f"{name} job {job_id} ({role}) does not wait for {waits_for[role] - waited}"
        assert "actions" in job["permissions"], f"{name} job {job_id}: wait-for-runs needs actions: read"
    assert set(groups) == {"infra", "api", "site"}
    assert all(len(g) == 1 for g in groups.values()), groups
    assert len({next(iter(g)) for g in groups.values()}) == 3, "one group per kind"
    assert (REPO / ".github/scripts/wait-for-runs").stat().st_mode & 0o111


def test_each_deploying_role_signs_in_from_its_own_environment():
    for name, job_id, job, role in deploy_jobs():
        assert job.get("environment") == f"prod-{role}", (
            f"{name} job {job_id}: the {role} role trusts only the GitHub environment prod-{role}")
    oidc = (REPO / "infra/modules/github-oidc/main.tf").read_text()
    assert '"${var.environment}-${p}"' in oidc and "environment:${env}" in oidc


@pytest.mark.parametrize("name", sorted(ALL))
def test_every_action_is_pinned_to_a_commit(name):
    _, text = ALL[name]
    for line in text.splitlines():
        match = re.match(r"\s*(?:-\s*)?uses:\s*(\S+)(.*)", line)
        if not match or match.group(1).startswith("./"):
            continue
        ref = match.group(1)
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", ref), f"{name}: {ref} is not pinned to a full commit SHA"
        assert re.search(r"#\s*v\d", match.group(2)), f"{name}: {ref} has no `# vX.Y.Z` comment"


@pytest.mark.parametrize("name", sorted(ALL))
def test_permissions_are_minimal(name):
    doc, _ = ALL[name]
    assert doc.get("permissions") == {}, f"{name}: top-level `permissions: {{}}`"
    for job_id, job in jobs(doc).items():
        permissions = job.get("permissions")
        assert isinstance(permissions, dict), f"{name} job {job_id} declares its permissions"
        for scope, level in permissions.items():
            assert level == "read" or (scope == "id-token" and level == "write"), (
                f"{name} job {job_id}: {scope}: {level}")
        signs_in = aws_role(job) is not None or "uses" in job
        assert (permissions.get("id-token") == "write") == signs_in, (
            f"{name} job {job_id}: id-token: write exactly where a job signs in to AWS")


def test_the_deploy_tool_is_built_with_the_aws_commands():
    """`cloud-resume deploy` exists only with the `aws` feature (off by default, for a fast first
    build of `serve`): every workflow that runs it must build it so."""
    deploying = 0
    for name in ("api.yml", "site.yml"):
        runs = [step.get("run", "") for job in jobs(ALL[name][0]).values() for step in steps(job)]
        if not any("cloud-resume deploy" in run for run in runs):
            continue
        deploying += 1
        builds = [run for run in runs if "cargo build" in run and "-p cloud-resume" in run]
        assert builds, f"{name} runs cloud-resume deploy without building it"
        for build in builds:
            assert "--features aws" in build, f"{name}: {build.strip()} lacks --features aws"
    assert deploying == 2


def test_the_api_pipeline_refuses_a_lambda_package_of_8_mb_before_it_ships(tmp_path):
    """The API pipeline checks the zip it built before it uploads it for the deploy job, and the
    check refuses what it must: 8,000,000 bytes or more, or no `bootstrap` at the root."""
    build = jobs(ALL["api.yml"][0])["build"]
    runs = [step.get("run", "") or step.get("uses", "") for step in steps(build)]
    packaged = next(i for i, run in enumerate(runs) if "cargo lambda build --release" in run)
    checked = next(i for i, run in enumerate(runs) if ".github/scripts/check-lambda-zip target/lambda/bootstrap/bootstrap.zip" in run)
    uploaded = next(i for i, run in enumerate(runs) if run.startswith("actions/upload-artifact@"))
    assert packaged <= checked < uploaded
    if packaged == checked:
        assert runs[checked].index("cargo lambda build") < runs[checked].index("check-lambda-zip")

    check = REPO / ".github/scripts/check-lambda-zip"

    def verdict(name, entries):
        path = tmp_path / name
        with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
            for entry, size in entries.items():
                z.writestr(entry, os.urandom(size))
        run = subprocess.run([str(check), str(path)], capture_output=True, text=True)
        return run.returncode, run.stdout + run.stderr, path.stat().st_size

    code, said, size = verdict("small.zip", {"bootstrap": 5_000_000})
    assert code == 0 and f"{size} bytes" in said, said
    code, said, size = verdict("large.zip", {"bootstrap": 8_000_000})
    assert code == 1 and size >= 8_000_000 and "must stay under 8 MB" in said, said
    code, said, _ = verdict("nested.zip", {"target/bootstrap": 1_000})
    assert code == 1 and "bootstrap at its root" in said, said
    missing = subprocess.run([str(check), str(tmp_path / "none.zip")], capture_output=True, text=True)
    assert missing.returncode == 1 and "does not exist" in missing.stderr
