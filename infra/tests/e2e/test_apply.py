"""The GitOps chain end to end, without an AWS account: `terraform apply` of infra/envs/prod
against AWS stand-ins on loopback, the site and API deploys against what it created, a second
plan that must be empty, then destroy; and every AWS call of each step held against the IAM
policy of the role that makes it.

The stand-ins: moto (scripts/moto-server) with the few calls Terraform's AWS provider needs that
moto lacks or answers unlike AWS (scripts/moto_standins.py), Lambda Invoke answered by the real
`bootstrap` under cargo-lambda's emulator, and every call recorded with the access key that
signed it. Each role signs with its own key (admin, plan, infra, api, site, function), so the
record says who made each call; iam_check.py says what each call needs.

Runs where terraform and a provider mirror are on the machine (as infra/tests/terraform-offline
does); elsewhere the module is skipped and says why. Run from scripts/test after the cargo build
(it uses target/debug/cloud-resume and target/debug/bootstrap).
"""
import concurrent.futures
import contextlib
import json
import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import zipfile

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import iam_check  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[3]
MIRROR = os.environ.get("TF_PROVIDER_MIRROR", "/opt/tf-plugins")
BIN = pathlib.Path(os.environ.get("CLOUD_RESUME_BIN_DIR", REPO / "target/debug"))
NAME = "cloud-resume-prod"
REGION = "eu-west-2"
STATE_BUCKET = "cloud-resume-tfstate"
STATE_KEY = "cloud-resume/prod.tfstate"
STEP_TIMEOUT = 600
# The resume the site pipeline renders: one file of language maps, German at / and English at /en/.
LANGUAGES = REPO / "crates/resume/tests/fixtures/languages/map/resume.json"

if shutil.which("terraform") is None:
    pytest.skip("no terraform binary here: the end-to-end apply runs where terraform is", allow_module_level=True)
if not pathlib.Path(MIRROR, "registry.terraform.io/hashicorp/aws").is_dir():
    pytest.skip(f"no provider mirror at {MIRROR}: the end-to-end apply needs one", allow_module_level=True)
for needed in ("cloud-resume", "bootstrap"):
    if not (BIN / needed).is_file():
        pytest.skip(f"{BIN / needed} is not built (cargo build --workspace --bins)", allow_module_level=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, process, what, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on {port} within {seconds}s")


def stop(process):
    if process and process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Stack:
    """One stand-in AWS, one scratch copy of infra/, and the log of every call."""

    def __init__(self, scratch, domain, rate_limit):
        self.scratch = pathlib.Path(scratch)
        self.domain = domain
        self.rate_limit = rate_limit
        self.calls_file = self.scratch / "calls.jsonl"
        self.phases = []  # (name, access key, first line, end line)
        self.timings = []  # (name, seconds)
        self.processes = []
        self.outputs = {}

    # -- stand-ins ------------------------------------------------------------------------------

    def start(self):
        # One emulator per function: the API and the aggregator are both the real bootstrap.
        self.emulator_port = self.start_emulator("emulator")
        self.aggregator_port = self.start_emulator("aggregator-emulator")
        invoke = lambda port: f"http://127.0.0.1:{port}/2015-03-31/functions/_/invocations"  # noqa: E731

        moto = subprocess.Popen(
            [sys.executable, "-u", str(REPO / "scripts/moto-server"), "--stand-ins", "--record", str(self.calls_file),
             "--invoke", invoke(self.emulator_port), "--invoke", f"{NAME}-aggregator={invoke(self.aggregator_port)}"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            env={**os.environ, "MOTO_ACM_VALIDATION_WAIT": "1"},
        )
        self.processes.append(moto)
        line = moto.stdout.readline()
        assert line.startswith("PORT="), f"moto-server said {line!r}"
        self.endpoint = f"http://127.0.0.1:{int(line.strip()[5:])}"

    def start_emulator(self, name):
        """`cargo lambda watch --only-lambda-apis` on a free port, in a scratch crate outside the
        workspace (so that cargo-lambda never waits on the workspace's lock); its port."""
        emulator_dir = self.scratch / name
        emulator_dir.mkdir()
        (emulator_dir / "Cargo.toml").write_text(
            '[package]\nname = "emulator"\nversion = "0.0.0"\nedition = "2024"\n\n[[bin]]\nname = "_"\npath = "main.rs"\n'
        )
        (emulator_dir / "main.rs").write_text("fn main() {}\n")
        env = {k: v for k, v in os.environ.items() if not (k.startswith("CARGO") and k != "CARGO_HOME") and not k.startswith("RUST")}
        for _ in range(3):
            port = free_port()
            emulator = subprocess.Popen(
                ["cargo", "lambda", "watch", "--only-lambda-apis", "-A", "127.0.0.1", "-P", str(port)],
                cwd=emulator_dir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            try:
                wait_for_port(port, emulator, "cargo lambda watch")
                time.sleep(0.3)
                if emulator.poll() is None:  # it exits quietly when its port was taken
                    self.processes.append(emulator)
                    return port
            except RuntimeError:
                pass
            stop(emulator)
        raise RuntimeError("cargo lambda's emulator did not start")

    def close(self):
        for process in reversed(self.processes):
            stop(process)

    def env(self, key):
        """The AWS environment of one role: its own access key, the stand-in's endpoint."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(
            AWS_ENDPOINT_URL=self.endpoint, AWS_ACCESS_KEY_ID=key, AWS_SECRET_ACCESS_KEY="test",
            AWS_REGION=REGION, AWS_DEFAULT_REGION=REGION, AWS_EC2_METADATA_DISABLED="true",
            TF_CLI_CONFIG_FILE=str(self.scratch / "terraformrc"), TF_IN_AUTOMATION="1", CHECKPOINT_DISABLE="1",
            TF_INPUT="0",
        )
        return env

    def client(self, service, key="admin", region=REGION):
        import boto3  # moto's own dependency, in the same virtualenv

        return boto3.client(service, endpoint_url=self.endpoint, region_name=region,
                            aws_access_key_id=key, aws_secret_access_key="test")

    # -- steps ----------------------------------------------------------------------------------

    def lines(self):
        if not self.calls_file.exists():
            return 0
        with open(self.calls_file) as f:
            return sum(1 for _ in f)

    def recorded(self):
        """The number of calls recorded so far. The recorder writes a call's line before the call
        is answered, so once a command has exited, every call it made is on file."""
        return self.lines()

    def run(self, phase, key, args, cwd=None, check=True, extra_env=None):
        """Runs a command as the role `key`, and notes which recorded calls it made."""
        first = self.lines()
        started = time.monotonic()
        done = subprocess.run(args, cwd=cwd or self.prod, env={**self.env(key), **(extra_env or {})},
                              capture_output=True, text=True, timeout=STEP_TIMEOUT)
        self.phases.append((phase, key, first, self.recorded()))
        self.timings.append((phase, time.monotonic() - started))
        if check and done.returncode != 0:
            raise AssertionError(f"{phase}: {' '.join(map(str, args))} exited {done.returncode}\n"
                                 f"{done.stdout[-6000:]}\n{done.stderr[-6000:]}")
        return done

    def terraform(self, phase, key, *args, check=True):
        return self.run(phase, key, ["terraform", *args, "-no-color"], check=check)

    def calls(self, *phases):
        with open(self.calls_file) as f:
            lines = f.readlines()
        out = []
        for name, _, first, end in self.phases:
            if name in phases:
                out.extend(json.loads(line) for line in lines[first:end])
        return out

    def prepare(self):
        subprocess.run([sys.executable, str(REPO / "infra/tests/offline_copy.py"), str(self.scratch), "--mirror", MIRROR],
                       check=True, capture_output=True)
        (self.scratch / "terraformrc").write_text(
            f'provider_installation {{\n  filesystem_mirror {{\n    path = "{MIRROR}"\n  }}\n}}\n')
        self.prod = self.scratch / "infra/envs/prod"
        # Only where the stand-in is: the S3 backend and the providers reach it by path-style
        # URLs (AWS_ENDPOINT_URL points the providers at it too).
        (self.prod / "stand_in_override.tf").write_text(f'''
terraform {{
  backend "s3" {{
    endpoints        = {{ s3 = "{self.endpoint}" }}
    use_path_style   = true
    skip_s3_checksum = true
  }}
}}
provider "aws" {{
  s3_use_path_style = true
}}
provider "aws" {{
  alias             = "us_east_1"
  s3_use_path_style = true
}}
''')
        tfvars = [
            'github_repository = "octocat/cloud-resume"',
            f'region            = "{REGION}"',
            f'state             = {{ bucket = "{STATE_BUCKET}", key = "{STATE_KEY}" }}',
            'alarms            = { email = "owner@example.com" }',
            'budget            = { monthly_usd = 5, email = "owner@example.com" }',
            # The resume below (LANGUAGES) is in German at / and in English at /en/.
            'site_languages    = ["en"]',
        ]
        if self.domain:
            tfvars.append(f'domain            = {{ name = "{self.domain}", zone = "example.com" }}')
        if self.rate_limit:
            tfvars.append("rate_limit        = { enabled = true }")
        (self.prod / "terraform.tfvars").write_text("\n".join(tfvars) + "\n")

        # What the README asks for before the first apply: the state bucket (and the zone).
        s3 = self.client("s3")
        s3.create_bucket(Bucket=STATE_BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        s3.put_bucket_versioning(Bucket=STATE_BUCKET, VersioningConfiguration={"Status": "Enabled"})
        if self.domain:
            self.client("route53").create_hosted_zone(Name="example.com", CallerReference="e2e")
        # As the pipeline does it: the file, then the bucket (and here the region) over it.
        self.terraform("init", "admin", "init", "-backend-config=prod.s3.tfbackend",
                       f"-backend-config=bucket={STATE_BUCKET}", f"-backend-config=region={REGION}")

    def output(self):
        done = self.terraform("output", "infra", "output", "-json")
        return {k: v["value"] for k, v in json.loads(done.stdout).items()}

    def role(self, name):
        """A role's inline and attached policies and its boundary, as the apply left them."""
        iam = self.client("iam")
        role = iam.get_role(RoleName=name)["Role"]
        policies = [iam.get_role_policy(RoleName=name, PolicyName=p)["PolicyDocument"]
                    for p in iam.list_role_policies(RoleName=name)["PolicyNames"]]
        for attached in iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]:
            policies.append(self.managed_policy(attached["PolicyArn"]))
        boundary_arn = role.get("PermissionsBoundary", {}).get("PermissionsBoundaryArn")
        boundary = [self.managed_policy(boundary_arn)] if boundary_arn else []
        return iam_check.Role(name, [as_document(p) for p in policies], boundary, bool(boundary_arn))

    def managed_policy(self, policy_arn):
        iam = self.client("iam")
        version = iam.get_policy(PolicyArn=policy_arn)["Policy"]["DefaultVersionId"]
        return as_document(iam.get_policy_version(PolicyArn=policy_arn, VersionId=version)["PolicyVersion"]["Document"])


def as_document(policy):
    return json.loads(policy) if isinstance(policy, str) else policy


def api_zip(directory):
    """The API package that `deploy api` uploads: the zip that CLOUD_RESUME_LAMBDA_ZIP names, else
    a zip of one stub `bootstrap`. Invoke is answered by the real bootstrap under the emulator
    either way; scripts/test builds the release zip alongside this test, not before it."""
    named = os.environ.get("CLOUD_RESUME_LAMBDA_ZIP")
    if named:
        return pathlib.Path(named)
    path = pathlib.Path(directory) / "bootstrap.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("bootstrap", "#!/bin/sh\nexit 1\n")
    return path


VARIANTS = {
    "cloudfront-domain": {"domain": None, "rate_limit": False},
    "custom-domain-and-rate-limit": {"domain": "resume.example.com", "rate_limit": True},
}


def make_stack(variant):
    """One variant's stand-ins, started, and the whole chain run against them."""
    stack = Stack(tempfile.mkdtemp(prefix="cloud-resume-e2e-"), **VARIANTS[variant])
    stack.variant = variant
    try:
        stack.start()
        stack.prepare()
        build(stack)
    except BaseException as err:
        stack.error = err
    return stack


@pytest.fixture(scope="module")
def stacks():
    """Every variant at once, each with stand-ins of its own: a chain mostly waits (on Terraform's
    provider, on the stand-ins), so two run side by side in about the time of one."""
    with concurrent.futures.ThreadPoolExecutor(len(VARIANTS)) as pool:
        built = dict(zip(VARIANTS, pool.map(make_stack, VARIANTS)))
    for stack in built.values():
        print(f"\n{stack.variant}: " + ", ".join(f"{phase} {seconds:.0f}s" for phase, seconds in stack.timings))
    try:
        yield built
    finally:
        for stack in built.values():
            stack.close()
            shutil.rmtree(stack.scratch, ignore_errors=True)


@pytest.fixture(scope="module", params=list(VARIANTS))
def stack(request, stacks):
    built = stacks[request.param]
    if getattr(built, "error", None) is not None:
        raise built.error
    return built


def build(stack):
    """The whole chain, in the order the pipelines run it; the tests below read its results."""
    # The first apply, with an administrator's credentials (infra/README.md, First apply).
    stack.terraform("first apply", "admin", "apply", "-auto-approve")
    stack.first_plan = stack.terraform("plan after apply", "plan", "plan", "-lock=false", "-detailed-exitcode", check=False)
    # The infrastructure pipeline's own run: plan to a file, apply it.
    stack.terraform("pipeline plan", "infra", "plan", "-out=tfplan")
    stack.guard_on_pipeline_plan = admin_guard(stack, "tfplan")
    stack.terraform("pipeline apply", "infra", "apply", "tfplan")
    # A change to what the pipelines may do (another GitHub environment for their roles): the
    # pipeline's guard must stop it before the apply.
    stack.terraform("pipeline plan of a role change", "infra", "plan", "-out=roleplan", "-var", "github_environment=staging")
    stack.guard_on_role_change = admin_guard(stack, "roleplan")
    stack.outputs = stack.output()
    out = stack.outputs

    # The function, as the Lambda service runs it: the real bootstrap, its own key.
    function_env = {
        **stack.env("function"), "TABLE_NAME": out["table_name"], "SITE_NAME": NAME, "SITE_LANGUAGES": "en",
        "AWS_LAMBDA_RUNTIME_API": f"http://127.0.0.1:{stack.emulator_port}/.rt",
        "AWS_LAMBDA_FUNCTION_NAME": "_", "AWS_LAMBDA_FUNCTION_VERSION": "1", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "128",
    }
    bootstrap = subprocess.Popen([str(BIN / "bootstrap")], env=function_env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
    stack.processes.append(bootstrap)
    # The aggregator: the same binary with its handler, its own key.
    aggregator_env = {
        **stack.env("aggregator"), "TABLE_NAME": out["table_name"], "_HANDLER": "aggregate",
        "AWS_LAMBDA_RUNTIME_API": f"http://127.0.0.1:{stack.aggregator_port}/.rt",
        "AWS_LAMBDA_FUNCTION_NAME": "_", "AWS_LAMBDA_FUNCTION_VERSION": "1", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "128",
    }
    aggregator = subprocess.Popen([str(BIN / "bootstrap")], env=aggregator_env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
    stack.processes.append(aggregator)

    # The site pipeline: render, then deploy site with the site role.
    dist = stack.scratch / "dist"
    stack.run("render", "none", [str(BIN / "cloud-resume"), "build", "--resume", str(LANGUAGES),
                                 "--out", str(dist)], cwd=REPO)
    stack.deploy_site = stack.run("deploy site", "site", [
        str(BIN / "cloud-resume"), "deploy", "site", "--dir", str(dist),
        "--bucket", out["bucket_name"], "--distribution-id", out["distribution_id"]], cwd=REPO)
    # The API pipeline: publish, smoke-test, a canary watched once, promote; with the API role.
    live = lambda function: stack.client("lambda").get_alias(FunctionName=function, Name=out["alias_name"])["FunctionVersion"]  # noqa: E731
    stack.live_before = live(out["function_name"])
    stack.aggregator_before = live(out["aggregator_function_name"])
    stack.deploy_api = stack.run("deploy api", "api", [
        str(BIN / "cloud-resume"), "deploy", "api", "--function", out["function_name"], "--alias", out["alias_name"],
        "--aggregator", out["aggregator_function_name"],
        "--zip", str(api_zip(stack.scratch)), "--canary", "10%", "--canary-minutes", "0"], cwd=REPO)
    stack.live_after = live(out["function_name"])
    stack.aggregator_after = live(out["aggregator_function_name"])
    mappings = stack.client("lambda").list_event_source_mappings()["EventSourceMappings"]
    stack.mappings = [m for m in mappings if f":function:{out['aggregator_function_name']}" in m["FunctionArn"]]
    stack.site_keys = {o["Key"] for o in stack.client("s3").list_objects_v2(Bucket=out["bucket_name"]).get("Contents", [])}
    # The index function as the distribution runs it (its LIVE stage), and the distribution's
    # default behaviour; the function's settings as Terraform left them.
    cloudfront = stack.client("cloudfront")
    stack.index_code = cloudfront.get_function(Name=f"{NAME}-index", Stage="LIVE")["FunctionCode"].read().decode()
    config = cloudfront.get_distribution_config(Id=out["distribution_id"])["DistributionConfig"]
    stack.viewer_functions = config["DefaultCacheBehavior"].get("FunctionAssociations", {}).get("Items", [])
    stack.function_variables = stack.client("lambda").get_function_configuration(
        FunctionName=out["function_name"])["Environment"]["Variables"]

    # What a change-free pipeline run would do now: nothing, whatever the deploys moved.
    stack.second_plan = stack.terraform("plan after deploys", "plan", "plan", "-lock=false", "-detailed-exitcode", check=False)
    stack.second_apply = stack.terraform("pipeline apply after deploys", "infra", "apply", "-auto-approve")

    # The roles as the apply made them, before anything is destroyed.
    stack.roles = {k: stack.role(arn.rsplit("/", 1)[1]) for k, arn in out["role_arns"].items()}
    stack.roles["function"] = stack.role(f"{NAME}-function")
    stack.roles["aggregator"] = stack.role(f"{NAME}-aggregator")
    stack.boundaries = {role: stack.client("iam").get_role(RoleName=role)["Role"]
                        .get("PermissionsBoundary", {}).get("PermissionsBoundaryArn")
                        for role in (f"{NAME}-function", f"{NAME}-aggregator")}

    # Tearing down, as infra/README.md says: lift the table's deletion protection, empty the
    # site bucket, destroy.
    stack.terraform("unprotect", "admin", "apply", "-auto-approve", "-var", "api={deletion_protection=false}")
    s3 = stack.client("s3")
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=out["bucket_name"]):
        for v in page.get("Versions", []) + page.get("DeleteMarkers", []):
            s3.delete_object(Bucket=out["bucket_name"], Key=v["Key"], VersionId=v["VersionId"])
    stack.destroy = stack.terraform("destroy", "admin", "destroy", "-auto-approve",
                                    "-var", "api={deletion_protection=false}", check=False)


def admin_guard(stack, plan):
    """The infrastructure pipeline's guard (.github/scripts/refuse-admin-changes) on a saved plan."""
    shown = subprocess.run(["terraform", "show", "-json", plan], cwd=stack.prod, env=stack.env("infra"),
                           capture_output=True, text=True, check=True, timeout=STEP_TIMEOUT)
    return subprocess.run([str(REPO / ".github/scripts/refuse-admin-changes")], input=shown.stdout,
                          capture_output=True, text=True, timeout=60)


def no_changes(done):
    return done.returncode == 0, f"exit {done.returncode}\n{summary(done.stdout)}\n{done.stderr[-3000:]}"


def summary(plan_text):
    return "\n".join(line for line in plan_text.splitlines() if re.match(r"\s+#|Plan:|\s+[~+-] ", line))[:6000]


def test_plan_after_the_first_apply_is_empty(stack):
    ok, why = no_changes(stack.first_plan)
    assert ok, f"a plan right after the apply is not empty:\n{why}"


def test_deploys_ship_the_site_and_move_live(stack):
    keys = stack.site_keys
    assert {"index.html", "stats.html", "404.html"} <= keys, keys
    assert int(stack.live_after) > int(stack.live_before), (stack.live_before, stack.live_after, stack.deploy_api.stdout)
    assert "answered GET /api/health with 200" in stack.deploy_api.stdout, stack.deploy_api.stdout
    # The aggregator ships with the API: smoke-tested with an empty batch, its alias moved.
    assert int(stack.aggregator_after) > int(stack.aggregator_before), stack.deploy_api.stdout
    assert "answered an empty stream batch" in stack.deploy_api.stdout, stack.deploy_api.stdout


def test_every_language_is_shipped_and_its_folder_answers_with_its_page(stack):
    keys = stack.site_keys
    assert {"index.html", "stats.html", "resume.txt", "en/index.html", "en/stats.html", "en/resume.txt"} <= keys, keys
    assert stack.function_variables.get("SITE_LANGUAGES") == "en", stack.function_variables
    (association,) = stack.viewer_functions
    assert association["EventType"] == "viewer-request", association
    assert association["FunctionARN"].endswith(f":function/{NAME}-index"), association
    # The LIVE code, run by node with CloudFront's event shape (cloudfront-js-2.0: ES5.1 and
    # more; node runs a superset of it), on the addresses a viewer asks for.
    harness = stack.scratch / "index-function.js"
    harness.write_text(stack.index_code + """
const answers = {};
for (const [uri, querystring] of [["/", {}], ["/en/", {}], ["/en", {}], ["/en", {ref: {value: "cv"}}],
                                  ["/stats.html", {}], ["/en/stats.html", {}], ["/assets/site.1a2b3c4d.css", {}]]) {
  const out = handler({version: "1.0", context: {eventType: "viewer-request"}, viewer: {ip: "192.0.2.1"},
                       request: {method: "GET", uri, querystring, headers: {}, cookies: {}}});
  answers[uri + (Object.keys(querystring).length ? "?" : "")] = out.statusCode
    ? {status: out.statusCode, location: out.headers.location.value} : {uri: out.uri};
}
console.log(JSON.stringify(answers));
""")
    ran = subprocess.run(["node", str(harness)], capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    answers = json.loads(ran.stdout)
    assert answers == {
        "/": {"uri": "/index.html"},
        "/en/": {"uri": "/en/index.html"},
        "/en": {"status": 301, "location": "/en/"},
        "/en?": {"status": 301, "location": "/en/?ref=cv"},
        "/stats.html": {"uri": "/stats.html"},
        "/en/stats.html": {"uri": "/en/stats.html"},
        "/assets/site.1a2b3c4d.css": {"uri": "/assets/site.1a2b3c4d.css"},
    }, answers
    # Each answer is a key the site has (or its folder's page).
    for answer in answers.values():
        if "uri" in answer:
            key = answer["uri"].lstrip("/")
            assert key in keys or key.startswith("assets/"), (key, keys)


def test_the_table_stream_reaches_the_aggregator_alias(stack):
    (mapping,) = stack.mappings
    assert mapping["FunctionArn"].endswith(f":{NAME}-aggregator:live"), mapping
    assert "/stream/" in mapping["EventSourceArn"], mapping
    assert mapping["TumblingWindowInSeconds"] > 0 and mapping["BisectBatchOnFunctionError"] is True, mapping
    assert mapping["DestinationConfig"]["OnFailure"]["Destination"].endswith(f":{NAME}-aggregator-failures"), mapping
    pattern = json.loads(mapping["FilterCriteria"]["Filters"][0]["Pattern"])
    assert pattern["dynamodb"]["Keys"]["pk"]["S"] == [{"prefix": "VISITOR#"}], pattern


def test_terraform_never_reverts_what_the_deploys_changed(stack):
    ok, why = no_changes(stack.second_plan)
    assert ok, f"the plan after the deploys would change something:\n{why}"
    assert "No changes." in stack.second_apply.stdout, summary(stack.second_apply.stdout)


def test_the_pipeline_applies_its_own_changes_and_stops_at_a_change_to_its_roles(stack):
    ok = stack.guard_on_pipeline_plan
    assert ok.returncode == 0, ok.stdout + ok.stderr
    stopped = stack.guard_on_role_change
    assert stopped.returncode == 1, stopped.stdout + stopped.stderr
    assert "an administrator applies it" in stopped.stdout
    assert 'module.github_oidc.aws_iam_role.pipeline["infra"]' in stopped.stdout, stopped.stdout


def bootstrap_identity(request):
    """What only an administrator changes: the pipelines' roles and policies, the function
    role's boundary, the OIDC provider (infra/README.md, Changing what the pipelines may do)."""
    return bool(re.search(rf":role/{NAME}-[a-z]+-pipeline$|:policy/{NAME}-function-boundary$|:oidc-provider/",
                          request.resource)) and request.action.startswith("iam:") and not request.action.startswith(
        ("iam:Get", "iam:List"))


ROLE_PHASES = {
    # role: (phases whose calls it must be able to make, requests left to an administrator)
    "infra": (("first apply", "pipeline plan", "pipeline apply", "pipeline plan of a role change",
               "pipeline apply after deploys", "unprotect", "destroy"), bootstrap_identity),
    "plan": (("plan after apply", "plan after deploys"), lambda r: False),
    "site": (("deploy site",), lambda r: False),
    "api": (("deploy api",), lambda r: False),
}


@pytest.mark.parametrize("role", ["infra", "plan", "site", "api", "function", "aggregator"])
def test_every_call_is_granted_to_the_role_that_makes_it(stack, role):
    if role in ("function", "aggregator"):
        calls = [c for c in stack.calls("deploy api", "deploy site") if c["key"] == role]
        skip = lambda r: False  # noqa: E731
        assert calls, f"the smoke test reached the {role}, which calls DynamoDB"
    else:
        phases, skip = ROLE_PHASES[role]
        calls = [c for c in stack.calls(*phases) if c["key"] in ("admin", role)]
    missing, unmapped = iam_check.check(calls, stack.roles[role], skip, stack.boundaries)
    assert not unmapped, "calls the checker cannot map to IAM:\n" + "\n".join(sorted(set(unmapped)))
    assert not missing, f"the {role} role lacks:\n" + "\n".join(f"  {r}   (needed by {c})" for r, c in sorted(missing.items()))
    assert len(calls) > 0


def test_destroy_leaves_nothing(stack):
    assert stack.destroy.returncode == 0, stack.destroy.stdout[-4000:] + stack.destroy.stderr[-4000:]
    left = {
        "functions": [f["FunctionName"] for f in stack.client("lambda").list_functions()["Functions"]],
        "event source mappings": stack.client("lambda").list_event_source_mappings()["EventSourceMappings"],
        "queues": stack.client("sqs").list_queues().get("QueueUrls", []),
        "tables": stack.client("dynamodb").list_tables()["TableNames"],
        "buckets": [b["Name"] for b in stack.client("s3").list_buckets()["Buckets"] if b["Name"] != STATE_BUCKET],
        "roles": [r["RoleName"] for r in stack.client("iam").list_roles()["Roles"] if r["RoleName"].startswith(NAME)],
        "alarms": [a["AlarmName"] for a in stack.client("cloudwatch").describe_alarms()["MetricAlarms"]],
        "topics": stack.client("sns").list_topics()["Topics"],
        "distributions": (stack.client("cloudfront").list_distributions()["DistributionList"].get("Items") or []),
        "origin access controls": stack.client("cloudfront").list_origin_access_controls()["OriginAccessControlList"].get("Items") or [],
        "budgets": stack.client("budgets").describe_budgets(AccountId=iam_check.ACCOUNT).get("Budgets", []),
        "log groups": stack.client("logs").describe_log_groups(logGroupNamePrefix=f"/aws/lambda/{NAME}")["logGroups"],
        "policies": [p["PolicyName"] for p in stack.client("iam").list_policies(Scope="Local")["Policies"]],
        # CloudFront's certificate and web ACL live in us-east-1.
        "certificates": stack.client("acm", region="us-east-1").list_certificates()["CertificateSummaryList"],
        "web ACLs": stack.client("wafv2", region="us-east-1").list_web_acls(Scope="CLOUDFRONT")["WebACLs"],
    }
    assert not any(left.values()), left
