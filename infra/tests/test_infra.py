"""Properties of infra/ that matter most, read from the HCL itself (python-hcl2).

`terraform validate/test` cannot run on these machines (no terraform binary); the
infrastructure pipeline runs them in GitHub Actions. These checks run in the README's test
command, next to checkov.
"""
import pathlib
import re

import hcl2
import pytest

INFRA = pathlib.Path(__file__).resolve().parent.parent
FILES = sorted(p for p in INFRA.rglob("*.tf") if ".terraform" not in p.parts)


def unquote(value):
    """python-hcl2 keeps the quotes of string literals and labels."""
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def load(path):
    with open(path) as f:
        return hcl2.load(f)


def blocks(kind, type_=None, path_glob="**/*.tf"):
    """(file, type, name, body) of every `kind "type" "name" {}` block."""
    out = []
    for path in FILES:
        if not path.match(path_glob):
            continue
        for entry in load(path).get(kind, []):
            for t, named in entry.items():
                for name, body in named.items():
                    if type_ is None or unquote(t) == type_:
                        out.append((path, unquote(t), unquote(name), body))
    return out


def one(type_, name, module):
    found = [b for (p, t, n, b) in blocks("resource", type_) if n == name and f"modules/{module}/" in str(p)]
    assert len(found) == 1, f"expected one {type_}.{name} in modules/{module}"
    return found[0]


def first(body, key):
    value = body.get(key)
    return value[0] if isinstance(value, list) and value and isinstance(value[0], dict) else value


def test_function_url_is_iam_only_and_on_the_alias():
    url = one("aws_lambda_function_url", "this", "api")
    assert unquote(url["authorization_type"]) == "AWS_IAM"
    assert url["qualifier"] == "${aws_lambda_alias.live.name}"
    assert unquote(one("aws_lambda_alias", "live", "api")["name"]) == "live"


def test_cloudfront_has_both_lambda_permissions_scoped_to_the_distribution_and_alias():
    url = one("aws_lambda_permission", "cloudfront_url", "site")
    invoke = one("aws_lambda_permission", "cloudfront_invoke", "site")
    assert unquote(url["action"]) == "lambda:InvokeFunctionUrl"
    assert unquote(url["function_url_auth_type"]) == "AWS_IAM"
    assert unquote(invoke["action"]) == "lambda:InvokeFunction"
    assert invoke["invoked_via_function_url"] is True
    for perm in (url, invoke):
        assert unquote(perm["principal"]) == "cloudfront.amazonaws.com"
        assert perm["source_arn"] == "${aws_cloudfront_distribution.this.arn}"
        assert perm["qualifier"] == "${var.api.alias_name}"


def test_no_apply_replaces_live_code_or_moves_the_alias():
    function = one("aws_lambda_function", "this", "api")
    assert set(first(function, "lifecycle")["ignore_changes"]) >= {"filename", "source_code_hash"}
    alias = one("aws_lambda_alias", "live", "api")
    assert {"function_version", "routing_config", "description"} <= set(first(alias, "lifecycle")["ignore_changes"])
    assert function["publish"] is True
    assert unquote(function["runtime"]) == "provided.al2023"
    assert "reserved_concurrent_executions" in function


def test_the_site_bucket_is_private():
    block = one("aws_s3_bucket_public_access_block", "this", "site")
    for key in ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]:
        assert block[key] is True, key
    ownership = first(one("aws_s3_bucket_ownership_controls", "this", "site"), "rule")
    assert unquote(ownership["object_ownership"]) == "BucketOwnerEnforced"
    assert unquote(first(one("aws_s3_bucket_versioning", "this", "site"), "versioning_configuration")["status"]) == "Enabled"
    # Only CloudFront, and only this distribution, may read it.
    policy = [b for (p, t, n, b) in blocks("data", "aws_iam_policy_document") if n == "bucket" and "modules/site/" in str(p)][0]
    reads = [s for s in policy["statement"] if unquote(s.get("sid")) == "CloudFrontReadsThroughOAC"][0]
    assert unquote(first(reads, "principals")["identifiers"][0]) == "cloudfront.amazonaws.com"
    assert first(reads, "condition")["values"] == ["${aws_cloudfront_distribution.this.arn}"]


def test_both_origins_use_origin_access_control():
    oac = {n: b for (p, t, n, b) in blocks("resource", "aws_cloudfront_origin_access_control") if "modules/site/" in str(p)}
    assert unquote(oac["s3"]["origin_access_control_origin_type"]) == "s3"
    assert unquote(oac["lambda"]["origin_access_control_origin_type"]) == "lambda"
    for o in oac.values():
        assert unquote(o["signing_behavior"]) == "always"
    dist = one("aws_cloudfront_distribution", "this", "site")
    origins = {unquote(o["origin_id"]): o for o in dist["origin"]}
    assert origins["site"]["origin_access_control_id"] == "${aws_cloudfront_origin_access_control.s3.id}"
    assert origins["api"]["origin_access_control_id"] == "${aws_cloudfront_origin_access_control.lambda.id}"
    assert unquote(first(origins["api"], "custom_origin_config")["origin_protocol_policy"]) == "https-only"


def test_the_api_behaviour_is_uncached_all_methods_and_forwards_the_viewer():
    dist = one("aws_cloudfront_distribution", "this", "site")
    api = first(dist, "ordered_cache_behavior")
    assert unquote(api["path_pattern"]) == "/api/*"
    assert unquote(api["target_origin_id"]) == "api"
    assert {unquote(m) for m in api["allowed_methods"]} == {"GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"}
    assert api["cache_policy_id"] == "${local.cache_policy.caching_disabled}"
    assert api["origin_request_policy_id"] == "${local.all_viewer_except_host_header}"
    # AWS's managed policies have the same IDs in every account.
    site = (INFRA / "modules/site/main.tf").read_text()
    assert 'caching_disabled  = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" # Managed-CachingDisabled' in site
    assert '"b689b0a8-53d0-40ab-baf2-68738e2966ac" # Managed-AllViewerExceptHostHeader' in site
    assert unquote(dist["http_version"]) == "http2and3"
    # TLS 1.2 on the site's own certificate; CloudFront's default one always answers TLSv1.
    assert first(dist, "viewer_certificate")["minimum_protocol_version"] == '${var.domain == null ? "TLSv1" : "TLSv1.2_2021"}'
    assert unquote(dist["default_root_object"]) == "index.html"


def serving_source():
    return (INFRA.parent / "crates/site/src/serving.rs").read_text()


def serving_rule(name):
    """A string constant of crates/site/src/serving.rs."""
    found = re.search(rf'pub const {name}: &str = "((?:[^"\\]|\\.)*)";', serving_source())
    assert found, f"{name} in crates/site/src/serving.rs"
    return found.group(1)


def test_security_headers_on_every_behaviour():
    dist = one("aws_cloudfront_distribution", "this", "site")
    for behaviour in [first(dist, "default_cache_behavior"), first(dist, "ordered_cache_behavior")]:
        assert behaviour["response_headers_policy_id"] == "${aws_cloudfront_response_headers_policy.this.id}"
    headers = first(one("aws_cloudfront_response_headers_policy", "this", "site"), "security_headers_config")
    csp = unquote(first(headers, "content_security_policy")["content_security_policy"])
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    # The same rules as `cloud-resume serve` sends (crates/site/src/serving.rs, their one home).
    assert csp == serving_rule("CONTENT_SECURITY_POLICY")
    served = dict(re.findall(r'\("([a-z-]+)", "([^"]+)"\)', serving_source()))
    assert unquote(first(headers, "frame_options")["frame_option"]) == served["x-frame-options"].upper()
    assert unquote(first(headers, "referrer_policy")["referrer_policy"]) == served["referrer-policy"]
    assert first(headers, "strict_transport_security")["access_control_max_age_sec"] == "${var.hsts.max_age_seconds}"
    hsts = variable("modules/site/variables.tf", "hsts")
    assert "optional(bool, false)" in str(hsts["type"]), "includeSubDomains and preload off by default"
    assert unquote(first(headers, "frame_options")["frame_option"]) == "DENY"
    assert "content_type_options" in headers and "referrer_policy" in headers


def test_the_table_has_ttl_pitr_and_deletion_protection():
    table = one("aws_dynamodb_table", "this", "api")
    assert unquote(table["hash_key"]) == "pk" and unquote(table["range_key"]) == "sk"
    assert unquote(first(table, "ttl")["attribute_name"]) == "expires_at"
    assert first(table, "ttl")["enabled"] is True
    assert first(table, "point_in_time_recovery")["enabled"] is True
    assert table["deletion_protection_enabled"] == "${var.deletion_protection}"
    assert variable("modules/api/variables.tf", "deletion_protection")["default"] is True
    assert unquote(table["billing_mode"]) == "PAY_PER_REQUEST"


def variable(path, name):
    for entry in load(INFRA / path).get("variable", []):
        for n, body in entry.items():
            if unquote(n) == name:
                return body
    raise AssertionError(f"no variable {name} in {path}")


def iam_actions():
    for path, _, name, body in blocks("data", "aws_iam_policy_document"):
        for statement in body.get("statement", []):
            for action in statement.get("actions", []):
                yield path, name, unquote(action)


def test_no_iam_action_has_a_wildcard():
    actions = list(iam_actions())
    assert len(actions) > 50
    wild = [(str(p.relative_to(INFRA)), n, a) for (p, n, a) in actions if "*" in a]
    assert wild == []


def test_the_function_may_only_touch_its_table_and_logs():
    doc = [b for (p, t, n, b) in blocks("data", "aws_iam_policy_document") if n == "function" and "modules/api/" in str(p)][0]
    resources = [unquote(r) for s in doc["statement"] for r in s["resources"]]
    assert resources == ["${aws_dynamodb_table.this.arn}", "${aws_cloudwatch_log_group.this.arn}:log-stream:*"]
    actions = {unquote(a) for s in doc["statement"] for a in s["actions"]}
    assert "dynamodb:Scan" not in actions and "dynamodb:DeleteItem" not in actions


def test_the_aggregator_may_only_read_its_stream_and_add_to_the_counters():
    doc = [b for (p, t, n, b) in blocks("data", "aws_iam_policy_document") if n == "aggregator" and "modules/api/" in str(p)][0]
    by_sid = {unquote(s["sid"]): s for s in doc["statement"]}
    assert set(by_sid) == {"ReadTheStream", "AddToTheCounters", "HandOverFailedBatches", "WriteOwnLogs"}
    assert by_sid["ReadTheStream"]["resources"] == ["${aws_dynamodb_table.this.stream_arn}"]
    add = by_sid["AddToTheCounters"]
    assert {unquote(a) for a in add["actions"]} == {"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"}
    condition = first(add, "condition")
    assert unquote(condition["test"]) == "ForAllValues:StringLike"
    assert unquote(condition["variable"]) == "dynamodb:LeadingKeys"
    assert [unquote(v) for v in condition["values"]] == ["PATH#*", "STREAM"], "no marker, salt, cap bucket or link"
    assert by_sid["HandOverFailedBatches"]["resources"] == ["${aws_sqs_queue.aggregator_failures.arn}"]


def test_the_aggregator_is_triggered_by_markers_only_and_loses_no_batch():
    mapping = one("aws_lambda_event_source_mapping", "aggregator", "api")
    assert mapping["function_name"] == "${aws_lambda_alias.aggregator_live.arn}", "on the alias deploys move"
    assert unquote(mapping["starting_position"]) == "TRIM_HORIZON"
    assert mapping["bisect_batch_on_function_error"] is True
    assert mapping["tumbling_window_in_seconds"] > 0, "its events name their shard"
    pattern = first(first(mapping, "filter_criteria"), "filter")["pattern"]
    assert "VISITOR#" in pattern and "counted_ms" in pattern and "INSERT" in pattern and "REMOVE" not in pattern
    failure = first(first(mapping, "destination_config"), "on_failure")
    assert failure["destination_arn"] == "${aws_sqs_queue.aggregator_failures.arn}"
    queue = one("aws_sqs_queue", "aggregator_failures", "api")
    assert queue["sqs_managed_sse_enabled"] is True
    table = one("aws_dynamodb_table", "this", "api")
    assert table["stream_enabled"] is True and unquote(table["stream_view_type"]) == "NEW_IMAGE"
    alarms = {n for (p, t, n, b) in blocks("resource", "aws_cloudwatch_metric_alarm")}
    assert {"aggregator_lag", "aggregator_failures"} <= alarms


def test_github_oidc_trust_is_scoped_by_audience_and_subject():
    trust = [b for (p, t, n, b) in blocks("data", "aws_iam_policy_document") if n == "trust" and "github-oidc" in str(p)][0]
    assert trust["for_each"] == "${local.subjects}", "one trust policy per role"
    conditions = {unquote(c["variable"]): c for c in trust["statement"][0]["condition"]}
    sub = conditions["${local.issuer}:sub"]
    assert unquote(sub["test"]) == "StringEquals", "an exact subject, not a pattern"
    assert sub["values"] == ["${each.value}"]
    assert unquote(conditions["${local.issuer}:aud"]["values"][0]) == "sts.amazonaws.com"
    main = (INFRA / "modules/github-oidc/main.tf").read_text()
    assert '"repo:${var.repository}:environment:${env}"' in main
    assert "ref:refs/heads/main" not in main, "a job on main without the environment gets no role"
    roles = one("aws_iam_role", "pipeline", "github-oidc")
    assert roles["assume_role_policy"] == "${data.aws_iam_policy_document.trust[each.key].json}"


def test_pull_request_plans_get_a_role_that_only_reads():
    main = (INFRA / "modules/github-oidc/main.tf").read_text()
    assert '{ plan = "repo:${var.repository}:pull_request" }' in main
    role = one("aws_iam_role", "plan", "github-oidc")
    assert role["assume_role_policy"] == '${data.aws_iam_policy_document.trust["plan"].json}'
    plan = [b for (p, t, n, b) in blocks("data", "aws_iam_policy_document") if n == "plan"][0]
    actions = [unquote(a) for s in plan["statement"] for a in s["actions"]]
    verbs = ("Get", "List", "Describe", "View")
    writes = [a for a in actions if not a.split(":", 1)[1].startswith(verbs)]
    assert not writes, f"the plan role may change things: {writes}"
    assert not [a for a in actions if "*" in a]


def test_the_infra_role_cannot_widen_any_role():
    infra = [b for (p, t, n, b) in blocks("data", "aws_iam_policy_document") if n == "infra"][0]
    iam_writes = {}
    for s in infra["statement"]:
        for a in s["actions"]:
            a = unquote(a)
            if a.startswith("iam:") and not a.split(":", 1)[1].startswith(("Get", "List")):
                iam_writes.setdefault(unquote(s["sid"]), set()).add(a)
    widening = {"iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:PutRolePermissionsBoundary"}
    by_sid = {unquote(s["sid"]): s for s in infra["statement"]}
    for sid, actions in iam_writes.items():
        statement = by_sid[sid]
        assert statement["resources"] == "${local.function_role_arns}", f"{sid}: only the function's and the aggregator's roles"
        if actions & widening:
            condition = first(statement, "condition")
            assert unquote(condition["variable"]) == "iam:PermissionsBoundary"
            assert condition["values"] == ["${aws_iam_policy.function_boundary.arn}"]
    assert "iam:CreateOpenIDConnectProvider" not in str(infra) and "iam:CreatePolicy" not in str(infra)
    for name in ("function", "aggregator"):
        role = one("aws_iam_role", name, "api")
        assert role["permissions_boundary"] == "${var.permissions_boundary_arn}", name
    roles = (INFRA / "modules/github-oidc/policies.tf").read_text()
    named = re.findall(r'role/\$\{var\.name\}-([a-z*]+)"', roles.split("function_role_arns = [", 1)[1].split("]", 1)[0])
    assert named == ["function", "aggregator"], "the function's role and the aggregator's, no pattern"


@pytest.mark.parametrize("path", [p for p in FILES if p.name == "variables.tf"], ids=lambda p: str(p.relative_to(INFRA)))
def test_every_variable_has_a_description_and_a_type(path):
    variables = load(path).get("variable", [])
    assert variables, f"{path} declares no variable"
    for entry in variables:
        for name, body in entry.items():
            assert unquote(body.get("description", "")).strip(), f"{unquote(name)} has no description"
            assert "type" in body, f"{unquote(name)} has no type"


@pytest.mark.parametrize("path", [p for p in FILES if p.name == "outputs.tf"], ids=lambda p: str(p.relative_to(INFRA)))
def test_every_output_has_a_description(path):
    for entry in load(path).get("output", []):
        for name, body in entry.items():
            assert unquote(body.get("description", "")).strip(), f"output {unquote(name)} has no description"


def test_constrained_values_are_validated():
    wanted = {
        "modules/api/variables.tf": {"memory_mb", "reserved_concurrency", "architecture", "log_retention_days", "site_languages"},
        "modules/site/variables.tf": {"domain", "price_class"},
        "envs/prod/variables.tf": {"domain", "api", "region", "github_repository", "budget", "site_languages"},
    }
    for rel, names in wanted.items():
        declared = {unquote(n): b for e in load(INFRA / rel)["variable"] for n, b in e.items()}
        for name in names:
            assert "validation" in declared[name], f"{rel}: {name} has no validation"


def test_pinned_versions_and_a_locking_s3_backend():
    versions = (INFRA / "envs/prod/versions.tf").read_text()
    assert re.search(r'required_version\s*=\s*">= 1\.10"', versions)
    assert re.search(r'version\s*=\s*">= 6\.29', versions)
    assert 'backend "s3" {}' in versions
    backend = (INFRA / "envs/prod/prod.s3.tfbackend").read_text()
    assert re.search(r"^use_lockfile\s*=\s*true", backend, re.M)
    assert re.search(r"^encrypt\s*=\s*true", backend, re.M)


def test_every_checkov_skip_gives_a_reason():
    skips = []
    for path in FILES:
        for line in path.read_text().splitlines():
            if "checkov:skip=" in line:
                skips.append((path.name, line.strip()))
    assert skips
    for name, line in skips:
        assert re.match(r"#checkov:skip=CKV2?_AWS_\d+:.{20,}", line), f"{name}: {line}"


def test_each_module_has_a_readme():
    for module in (INFRA / "modules").iterdir():
        readme = module / "README.md"
        assert readme.is_file(), f"{module.name} has no README.md"
        text = readme.read_text()
        assert "## Inputs" in text and "## Outputs" in text, f"{module.name}/README.md lists inputs and outputs"


def settings_source():
    return (INFRA.parent / "crates/counter/src/settings.rs").read_text()


def settings_seconds(name):
    """A `Duration::from_secs(<arithmetic>)` constant of crates/counter/src/settings.rs, in seconds."""
    found = re.search(rf"pub const {name}: Duration = Duration::from_secs\(([0-9 *]+)\);", settings_source())
    assert found, f"{name} in crates/counter/src/settings.rs"
    seconds = 1
    for factor in found.group(1).split("*"):
        seconds *= int(factor)
    return seconds


def test_the_function_settings_match_the_rust_ones():
    """The refresh window's bounds and the store timeout have one home, crates/counter/src/settings.rs."""
    window = variable("modules/api/variables.tf", "refresh_window")
    condition = first(window, "validation")["condition"]
    assert f"<= {settings_seconds('MAX_REFRESH_WINDOW')}" in condition and "> 0" in condition, condition
    default = unquote(window["default"])
    assert default == "10m" and settings_seconds("DEFAULT_REFRESH_WINDOW") == 600
    cap = variable("modules/api/variables.tf", "views_per_ip_hour")
    rust_cap = re.search(r"pub const DEFAULT_VIEWS_PER_IP_HOUR: u32 = (\d+);", settings_source())
    assert rust_cap and int(cap["default"]) == int(rust_cap.group(1)), "the inflation cap's default has one value"
    store_timeout = settings_seconds("LAMBDA_STORE_TIMEOUT")
    function_timeout = variable("modules/api/variables.tf", "timeout_seconds")["default"]
    assert int(function_timeout) > store_timeout, "the function must outlast its store calls"

