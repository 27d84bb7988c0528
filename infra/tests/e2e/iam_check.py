"""Which IAM action, on which resource, each recorded AWS call needs, and whether a role's
policies grant it.

AWS authorises every call (found or not) against the caller's identity policies, bounded by
its permissions boundary; an explicit Deny wins. `authorizations(call)` turns one call recorded
by scripts/moto-server --record into the (action, resource ARN, condition context) requests AWS
would evaluate, following the Service Authorization Reference: for instance CreateFunction also
needs iam:PassRole on the function's role, with iam:PassedToService = lambda.amazonaws.com; a
TransactWriteItems is authorised item by item. A call this module cannot map is reported as
unmapped, so a new kind of call fails the check until someone says what it needs.
"""
import fnmatch
import json
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote

ACCOUNT = "123456789012"


@dataclass(frozen=True)
class Request:
    action: str
    resource: str
    context: tuple = ()  # ((key, value), ...) condition keys known for this request

    def __str__(self):
        ctx = "".join(f" [{k}={v}]" for k, v in self.context)
        return f"{self.action} on {self.resource}{ctx}"


class Unmapped(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# Calls -> authorization requests


def authorizations(call, role_boundaries=None):
    """The requests AWS authorises for one recorded call. `role_boundaries` maps a role name to
    its permissions boundary ARN, for the iam:PermissionsBoundary condition key."""
    service = call["service"]
    mapper = MAPPERS.get(service)
    if mapper is None:
        raise Unmapped(f"no mapping for service {service!r}: {describe(call)}")
    return mapper(call, call["region"] or "us-east-1", role_boundaries or {})


def describe(call):
    what = call.get("target") or query_action(call) or ""
    return f"{call['method']} {call['path']}?{call['query']} {what}".strip()


def query_action(call):
    if call.get("content_type", "").startswith("application/x-www-form-urlencoded") and call.get("body"):
        return parse_qs(call["body"]).get("Action", [None])[0]
    return parse_qs(call["query"]).get("Action", [None])[0]


def form(call):
    source = call["body"] if call.get("body") else call["query"]
    return {k: v[0] for k, v in parse_qs(source, keep_blank_values=True).items()}


def json_body(call):
    return json.loads(call["body"]) if call.get("body") else {}


def target_operation(call):
    return call["target"].split(".", 1)[1]


def arn(service, region, resource, account=ACCOUNT):
    return f"arn:aws:{service}:{region}:{account}:{resource}"


# DynamoDB (JSON protocol) --------------------------------------------------------------------

def dynamodb(call, region, _):
    op = target_operation(call)
    body = json_body(call)
    table = lambda name: arn("dynamodb", region, f"table/{name}")  # noqa: E731

    def leading_key(spec):
        """dynamodb:LeadingKeys: the partition key value of the item a request names."""
        key = spec.get("Key") or spec.get("Item") or {}
        pk = key.get("pk", {}).get("S")
        if pk is None and "ExpressionAttributeValues" in spec and op == "Query":
            pk = spec["ExpressionAttributeValues"].get(":pk", {}).get("S")
        return (("dynamodb:LeadingKeys", pk),) if pk is not None else ()

    if op in ("TransactWriteItems", "TransactGetItems"):
        kinds = {"Put": "PutItem", "Update": "UpdateItem", "Delete": "DeleteItem",
                 "ConditionCheck": "ConditionCheckItem", "Get": "GetItem"}
        out = []
        for item in body["TransactItems"]:
            (kind, spec), = item.items()
            out.append(Request(f"dynamodb:{kinds[kind]}", table(spec["TableName"]), leading_key(spec)))
        return out
    if op in ("DescribeStream", "GetShardIterator", "GetRecords", "ListStreams"):
        stream = body.get("StreamArn") or body.get("ShardIterator", "").split("|", 1)[0]
        return [Request(f"dynamodb:{op}", stream or "*")]
    if op == "ListTables":
        return [Request("dynamodb:ListTables", "*")]
    if op in ("ListTagsOfResource", "TagResource", "UntagResource"):
        return [Request(f"dynamodb:{op}", body["ResourceArn"])]
    if "TableName" in body:
        return [Request(f"dynamodb:{op}", table(body["TableName"]), leading_key(body))]
    raise Unmapped(describe(call))


# SQS (JSON protocol) -------------------------------------------------------------------------

def sqs(call, region, _):
    op = target_operation(call)
    body = json_body(call)
    if op == "ListQueues":
        return [Request("sqs:ListQueues", "*")]
    name = body.get("QueueName") or body.get("QueueUrl", "").rstrip("/").rsplit("/", 1)[-1]
    if not name:
        raise Unmapped(describe(call))
    return [Request(f"sqs:{op}", arn("sqs", region, name))]


# CloudWatch Logs (JSON protocol) -------------------------------------------------------------

def logs(call, region, _):
    op = target_operation(call)
    body = json_body(call)
    if op == "DescribeLogGroups":
        return [Request("logs:DescribeLogGroups", arn("logs", region, "log-group:*"))]
    if op in ("ListTagsForResource", "TagResource", "UntagResource"):
        return [Request(f"logs:{op}", body["resourceArn"].removesuffix(":*"))]
    if "logGroupName" in body:
        group = arn("logs", region, f"log-group:{body['logGroupName']}")
        if "logStreamName" in body:
            return [Request(f"logs:{op}", f"{group}:log-stream:{body['logStreamName']}")]
        return [Request(f"logs:{op}", group)]
    raise Unmapped(describe(call))


# Budgets (JSON protocol): the API's operations authorise as ViewBudget / ModifyBudget --------

def budgets(call, _region, __):
    op = target_operation(call)
    body = json_body(call)
    if op in ("ListTagsForResource", "TagResource", "UntagResource"):
        return [Request(f"budgets:{op}", body["ResourceARN"])]
    name = body.get("BudgetName") or body.get("Budget", {}).get("BudgetName")
    resource = f"arn:aws:budgets::{body['AccountId']}:budget/{name}"
    action = "budgets:ViewBudget" if op.startswith("Describe") else "budgets:ModifyBudget"
    out = [Request(action, resource)]
    if op == "CreateBudget" and body.get("ResourceTags"):
        out.append(Request("budgets:TagResource", resource))
    return out


# ACM (JSON protocol) -------------------------------------------------------------------------

def acm(call, _region, __):
    op = target_operation(call)
    body = json_body(call)
    if op in ("RequestCertificate", "ListCertificates"):
        out = [Request(f"acm:{op}", "*")]
        if op == "RequestCertificate" and body.get("Tags"):
            out.append(Request("acm:AddTagsToCertificate", arn("acm", _region, "certificate/(the new certificate)")))
        return out
    return [Request(f"acm:{op}", body["CertificateArn"])]


# KMS (JSON protocol) -------------------------------------------------------------------------

def kms(call, region, _):
    """A key named by alias is authorised as the key the alias points at (not the alias)."""
    op = target_operation(call)
    key = json_body(call).get("KeyId", "")
    if key.startswith("alias/") or ":alias/" in key:
        alias = key.split(":alias/")[-1].removeprefix("alias/")
        return [Request(f"kms:{op}", arn("kms", region, f"key/(the key of alias/{alias})"),
                        (("kms:RequestAlias", f"alias/{alias}"),))]
    if not key.startswith("arn:"):
        key = arn("kms", region, f"key/{key}")
    return [Request(f"kms:{op}", key)]


# WAFv2 (JSON protocol) -----------------------------------------------------------------------

def wafv2(call, region, _):
    op = target_operation(call)
    body = json_body(call)
    if op in ("ListTagsForResource", "TagResource", "UntagResource"):
        return [Request(f"wafv2:{op}", body["ResourceARN"])]
    scope = "global" if body.get("Scope") == "CLOUDFRONT" else "regional"
    if op == "CreateWebACL":
        out = [Request("wafv2:CreateWebACL", arn("wafv2", region, f"{scope}/webacl/{body['Name']}/*"))]
        if body.get("Tags"):
            out.append(Request("wafv2:TagResource", arn("wafv2", region, f"{scope}/webacl/{body['Name']}/*")))
        return out
    if "Name" in body and "Id" in body:
        return [Request(f"wafv2:{op}", arn("wafv2", region, f"{scope}/webacl/{body['Name']}/{body['Id']}"))]
    raise Unmapped(describe(call))


# IAM (query protocol) ------------------------------------------------------------------------

def iam(call, _region, boundaries):
    params = form(call)
    op = params["Action"]
    action = f"iam:{op}"
    if "RoleName" in params:
        role = params["RoleName"]
        resource = f"arn:aws:iam::{ACCOUNT}:role/{role}"
        # iam:PermissionsBoundary: the boundary a role is created or put with, or already has.
        boundary = params.get("PermissionsBoundary") or boundaries.get(role)
        context = (("iam:PermissionsBoundary", boundary),) if boundary else ()
        return [Request(action, resource, context)]
    if "PolicyArn" in params:
        return [Request(action, params["PolicyArn"])]
    if op == "CreatePolicy":
        return [Request(action, f"arn:aws:iam::{ACCOUNT}:policy{params.get('Path', '/')}{params['PolicyName']}")]
    if "OpenIDConnectProviderArn" in params:
        return [Request(action, params["OpenIDConnectProviderArn"])]
    if op == "CreateOpenIDConnectProvider":
        host = re.sub(r"^https://", "", params["Url"])
        return [Request(action, f"arn:aws:iam::{ACCOUNT}:oidc-provider/{host}")]
    if op in ("ListOpenIDConnectProviders", "ListRoles", "ListPolicies"):
        return [Request(action, "*")]
    raise Unmapped(describe(call))


def sts(call, _region, __):
    op = form(call)["Action"]
    if op == "GetCallerIdentity":
        return []  # needs no permission: AWS answers it for every signed request
    raise Unmapped(describe(call))


def sns(call, region, _):
    params = form(call)
    op = params["Action"]
    if op == "CreateTopic":
        return [Request("sns:CreateTopic", arn("sns", region, params["Name"]))]
    topic = params.get("TopicArn") or params.get("ResourceArn")
    if topic is None and "SubscriptionArn" in params:
        topic = params["SubscriptionArn"].rsplit(":", 1)[0]
    if topic is None:
        raise Unmapped(describe(call))
    return [Request(f"sns:{op}", topic)]


def cloudwatch(call, region, _):
    params = form(call)
    op = params["Action"]
    alarm = lambda name: arn("cloudwatch", region, f"alarm:{name}")  # noqa: E731
    if op in ("GetMetricStatistics", "GetMetricData", "ListMetrics"):
        return [Request(f"cloudwatch:{op}", "*")]
    if op in ("ListTagsForResource", "TagResource", "UntagResource"):
        return [Request(f"cloudwatch:{op}", params["ResourceARN"])]
    if op == "PutMetricAlarm":
        out = [Request("cloudwatch:PutMetricAlarm", alarm(params["AlarmName"]))]
        if any(k.startswith("Tags.member") for k in params):
            out.append(Request("cloudwatch:TagResource", alarm(params["AlarmName"])))
        return out
    names = [v for k, v in params.items() if k.startswith("AlarmNames.member.")]
    if names:
        return [Request(f"cloudwatch:{op}", alarm(n)) for n in names]
    if op == "DescribeAlarms":
        return [Request("cloudwatch:DescribeAlarms", alarm("*"))]
    raise Unmapped(describe(call))


# S3 (REST) -----------------------------------------------------------------------------------

S3_SUBRESOURCES = {
    # subresource: (GET action, PUT action, DELETE action)
    "policy": ("GetBucketPolicy", "PutBucketPolicy", "DeleteBucketPolicy"),
    "publicAccessBlock": ("GetBucketPublicAccessBlock", "PutBucketPublicAccessBlock", "PutBucketPublicAccessBlock"),
    "ownershipControls": ("GetBucketOwnershipControls", "PutBucketOwnershipControls", "PutBucketOwnershipControls"),
    "versioning": ("GetBucketVersioning", "PutBucketVersioning", None),
    "encryption": ("GetEncryptionConfiguration", "PutEncryptionConfiguration", "PutEncryptionConfiguration"),
    "lifecycle": ("GetLifecycleConfiguration", "PutLifecycleConfiguration", "PutLifecycleConfiguration"),
    "acl": ("GetBucketAcl", "PutBucketAcl", None),
    "cors": ("GetBucketCORS", "PutBucketCORS", "PutBucketCORS"),
    "website": ("GetBucketWebsite", "PutBucketWebsite", "DeleteBucketWebsite"),
    "logging": ("GetBucketLogging", "PutBucketLogging", None),
    "accelerate": ("GetAccelerateConfiguration", "PutAccelerateConfiguration", None),
    "requestPayment": ("GetBucketRequestPayment", "PutBucketRequestPayment", None),
    "replication": ("GetReplicationConfiguration", "PutReplicationConfiguration", "PutReplicationConfiguration"),
    "object-lock": ("GetBucketObjectLockConfiguration", "PutBucketObjectLockConfiguration", None),
    "tagging": ("GetBucketTagging", "PutBucketTagging", "PutBucketTagging"),
    "location": ("GetBucketLocation", None, None),
    "versions": ("ListBucketVersions", None, None),
    "uploads": ("ListBucketMultipartUploads", None, None),
    "notification": ("GetBucketNotification", "PutBucketNotification", None),
}


def s3(call, _region, __):
    host = call.get("host", "").split(":")[0]
    path = unquote(call["path"])
    if host.endswith(".localhost") or (host.count(".") and not re.match(r"^[\d.]+$", host) and host != "localhost"):
        bucket, key = host.split(".", 1)[0], path.lstrip("/")
    else:
        bucket, _, key = path.lstrip("/").partition("/")
    query = parse_qs(call["query"], keep_blank_values=True)
    method = call["method"]
    bucket_arn = f"arn:aws:s3:::{bucket}"
    if not bucket:
        return [Request("s3:ListAllMyBuckets", "*")]
    if key:
        object_arn = f"{bucket_arn}/{key}"
        versioned = "versionId" in query
        if "tagging" in query:
            verb = {"GET": "GetObjectTagging", "PUT": "PutObjectTagging", "DELETE": "DeleteObjectTagging"}[method]
            return [Request(f"s3:{verb}", object_arn)]
        if method in ("GET", "HEAD"):
            return [Request("s3:GetObjectVersion" if versioned else "s3:GetObject", object_arn)]
        if method in ("PUT", "POST"):
            return [Request("s3:PutObject", object_arn)]
        if method == "DELETE":
            return [Request("s3:DeleteObjectVersion" if versioned else "s3:DeleteObject", object_arn)]
    if method == "POST" and "delete" in query:
        keys = re.findall(r"<Key>([^<]*)</Key>", call.get("body") or "")
        versions = re.findall(r"<VersionId>", call.get("body") or "")
        verb = "s3:DeleteObjectVersion" if versions else "s3:DeleteObject"
        return [Request(verb, f"{bucket_arn}/{k}") for k in keys]
    for sub, verbs in S3_SUBRESOURCES.items():
        if sub in query:
            verb = {"GET": verbs[0], "HEAD": verbs[0], "PUT": verbs[1], "DELETE": verbs[2]}[method]
            if verb is None:
                raise Unmapped(describe(call))
            return [Request(f"s3:{verb}", bucket_arn)]
    verb = {"GET": "ListBucket", "HEAD": "ListBucket", "PUT": "CreateBucket", "DELETE": "DeleteBucket"}.get(method)
    if verb is None:
        raise Unmapped(describe(call))
    return [Request(f"s3:{verb}", bucket_arn)]


# CloudFront (REST) ---------------------------------------------------------------------------

def cloudfront(call, _region, __):
    path = re.sub(r"^/20\d\d-\d\d-\d\d", "", call["path"])
    method = call["method"]
    query = parse_qs(call["query"], keep_blank_values=True)
    cf = lambda resource: f"arn:aws:cloudfront::{ACCOUNT}:{resource}"  # noqa: E731
    if path == "/tagging":
        resource = query["Resource"][0]
        operation = query.get("Operation", [""])[0]
        action = {"": "ListTagsForResource", "Tag": "TagResource", "Untag": "UntagResource"}[operation]
        return [Request(f"cloudfront:{action}", resource)]
    parts = path.strip("/").split("/")
    if parts[0] == "function":
        # CloudFront Functions: /function (create, list), /function/NAME (get, update, delete),
        # /function/NAME/describe, /function/NAME/publish, /function/NAME/test.
        if len(parts) == 1:
            return [Request("cloudfront:CreateFunction" if method == "POST" else "cloudfront:ListFunctions",
                            cf("function/*") if method == "POST" else "*")]
        resource = cf(f"function/{parts[1]}")
        sub = parts[2] if len(parts) > 2 else ""
        action = {("GET", ""): "GetFunction", ("PUT", ""): "UpdateFunction", ("DELETE", ""): "DeleteFunction",
                  ("GET", "describe"): "DescribeFunction", ("POST", "publish"): "PublishFunction",
                  ("POST", "test"): "TestFunction"}.get((method, sub))
        if action is None:
            raise Unmapped(describe(call))
        return [Request(f"cloudfront:{action}", resource)]
    kinds = {
        "distribution": "Distribution",
        "origin-access-control": "OriginAccessControl",
        "response-headers-policy": "ResponseHeadersPolicy",
        "cache-policy": "CachePolicy",
        "origin-request-policy": "OriginRequestPolicy",
    }
    parts = path.strip("/").split("/")
    kind = kinds.get(parts[0])
    if kind is None:
        raise Unmapped(describe(call))
    if len(parts) == 1:
        if method == "POST":
            out = [Request(f"cloudfront:Create{kind}", cf(f"{parts[0]}/*"))]
            if "WithTags" in query:
                out.append(Request("cloudfront:TagResource", cf(f"{parts[0]}/*")))
            return out
        return [Request(f"cloudfront:List{kind}s" if not kind.endswith("y") else f"cloudfront:List{kind[:-1]}ies", "*")]
    resource = cf(f"{parts[0]}/{parts[1]}")
    if len(parts) >= 3 and parts[2] == "invalidation":
        if method == "POST":
            return [Request("cloudfront:CreateInvalidation", resource)]
        return [Request("cloudfront:GetInvalidation" if len(parts) == 4 else "cloudfront:ListInvalidations", resource)]
    config = len(parts) == 3 and parts[2] == "config"
    action = {"GET": f"Get{kind}Config" if config else f"Get{kind}", "PUT": f"Update{kind}",
              "DELETE": f"Delete{kind}"}.get(method)
    if action is None:
        raise Unmapped(describe(call))
    return [Request(f"cloudfront:{action}", resource)]


# Lambda (REST) -------------------------------------------------------------------------------

def lambda_(call, region, _):
    method = call["method"]
    query = parse_qs(call["query"], keep_blank_values=True)
    mapping = re.match(r"^/\d{4}-\d\d-\d\d/event-source-mappings/?([^/]*)$", unquote(call["path"]))
    if mapping:
        uuid = mapping.group(1)
        if not uuid:
            if method == "POST":
                return [Request("lambda:CreateEventSourceMapping", arn("lambda", region, "event-source-mapping:*"))]
            return [Request("lambda:ListEventSourceMappings", "*")]
        action = {"GET": "GetEventSourceMapping", "PUT": "UpdateEventSourceMapping",
                  "DELETE": "DeleteEventSourceMapping"}[method]
        return [Request(f"lambda:{action}", arn("lambda", region, f"event-source-mapping:{uuid}"))]
    match = re.match(r"^/(\d{4}-\d\d-\d\d)/(functions|tags)(?:/([^/]+))?(?:/(.*))?$", unquote(call["path"]))
    if not match:
        raise Unmapped(describe(call))
    _, kind, name, rest = match.groups()
    rest = rest or ""
    if kind == "tags":
        action = {"GET": "ListTags", "POST": "TagResource", "DELETE": "UntagResource"}[method]
        return [Request(f"lambda:{action}", unquote(call["path"]).split("/tags/", 1)[1])]
    if name is None:
        if method == "POST":
            body = json_body(call)
            function = arn("lambda", region, f"function:{body['FunctionName']}")
            out = [Request("lambda:CreateFunction", function)]
            out.append(Request("iam:PassRole", body["Role"], (("iam:PassedToService", "lambda.amazonaws.com"),)))
            return out
        return [Request("lambda:ListFunctions", "*")]
    function = name if name.startswith("arn:") else arn("lambda", region, f"function:{name}")
    qualifier = query.get("Qualifier", [None])[0]
    qualified = f"{function}:{qualifier}" if qualifier else function
    if rest.startswith("aliases"):
        alias = rest.split("/", 1)[1] if "/" in rest else None
        action = {"POST": "CreateAlias", "GET": "GetAlias" if alias else "ListAliases", "PUT": "UpdateAlias",
                  "DELETE": "DeleteAlias"}[method]
        return [Request(f"lambda:{action}", f"{function}:{alias}" if alias else function)]
    if rest.startswith("policy"):
        action = {"POST": "AddPermission", "GET": "GetPolicy", "DELETE": "RemovePermission"}[method]
        return [Request(f"lambda:{action}", qualified)]
    simple = {
        ("GET", ""): "GetFunction",
        ("DELETE", ""): "DeleteFunction",
        ("GET", "configuration"): "GetFunctionConfiguration",
        ("PUT", "configuration"): "UpdateFunctionConfiguration",
        ("PUT", "code"): "UpdateFunctionCode",
        ("POST", "versions"): "PublishVersion",
        ("GET", "versions"): "ListVersionsByFunction",
        ("PUT", "concurrency"): "PutFunctionConcurrency",
        ("GET", "concurrency"): "GetFunctionConcurrency",
        ("DELETE", "concurrency"): "DeleteFunctionConcurrency",
        ("GET", "code-signing-config"): "GetFunctionCodeSigningConfig",
        ("POST", "url"): "CreateFunctionUrlConfig",
        ("GET", "url"): "GetFunctionUrlConfig",
        ("PUT", "url"): "UpdateFunctionUrlConfig",
        ("DELETE", "url"): "DeleteFunctionUrlConfig",
        ("POST", "invocations"): "InvokeFunction",
        ("GET", "event-invoke-config"): "GetFunctionEventInvokeConfig",
    }
    action = simple.get((method, rest))
    if action is None:
        raise Unmapped(describe(call))
    out = [Request(f"lambda:{action}", qualified)]
    if action == "UpdateFunctionConfiguration" and "Role" in json_body(call):
        out.append(Request("iam:PassRole", json_body(call)["Role"], (("iam:PassedToService", "lambda.amazonaws.com"),)))
    return out


# Route 53 (REST) -----------------------------------------------------------------------------

def route53(call, _region, __):
    path = re.sub(r"^/2013-04-01", "", call["path"])
    method = call["method"]
    parts = path.strip("/").split("/")
    zone = lambda zone_id: f"arn:aws:route53:::hostedzone/{zone_id}"  # noqa: E731
    if parts == ["hostedzone"]:
        return [Request("route53:CreateHostedZone" if method == "POST" else "route53:ListHostedZones", "*")]
    if parts == ["hostedzonesbyname"]:
        return [Request("route53:ListHostedZonesByName", "*")]
    if parts[0] == "hostedzone" and len(parts) == 2:
        return [Request("route53:DeleteHostedZone" if method == "DELETE" else "route53:GetHostedZone", zone(parts[1]))]
    if parts[0] == "hostedzone" and parts[2] == "rrset":
        verb = "ChangeResourceRecordSets" if method == "POST" else "ListResourceRecordSets"
        return [Request(f"route53:{verb}", zone(parts[1]))]
    if parts[0] == "change":
        return [Request("route53:GetChange", f"arn:aws:route53:::change/{parts[1]}")]
    if parts[0] == "tags" and parts[1] == "hostedzone":
        verb = "ChangeTagsForResource" if method == "POST" else "ListTagsForResource"
        return [Request(f"route53:{verb}", zone(parts[2]))]
    raise Unmapped(describe(call))


MAPPERS = {
    "dynamodb": dynamodb, "logs": logs, "budgets": budgets, "acm": acm, "kms": kms, "wafv2": wafv2,
    "iam": iam, "sts": sts, "sns": sns, "monitoring": cloudwatch, "s3": s3, "cloudfront": cloudfront,
    "lambda": lambda_, "route53": route53, "sqs": sqs,
}


# ---------------------------------------------------------------------------------------------
# Policy evaluation


def as_list(value):
    return value if isinstance(value, list) else [value]


def glob(pattern, value, case=True):
    """IAM wildcards: * any run of characters, ? one character."""
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value, 0 if case else re.IGNORECASE) is not None


def condition_holds(operator, key, expected, context):
    """One condition against what the request is known to carry. A key the request does not
    carry fails the condition, as in AWS (no ...IfExists operators are used here), except under
    ForAllValues:, which holds for a request without the key (every one of its no values
    matches), as in AWS; each value it carries must match."""
    if operator.startswith("ForAllValues:"):
        return key not in context or condition_holds(operator.split(":", 1)[1], key, expected, context)
    if key not in context:
        return False
    actual = context[key]
    expected = [str(e).lower() if isinstance(e, bool) else str(e) for e in as_list(expected)]
    if operator in ("StringEquals", "ArnEquals", "Bool"):
        return actual in expected
    if operator in ("StringLike", "ArnLike"):
        return any(glob(e, actual) for e in expected)
    if operator == "StringNotEquals":
        return actual not in expected
    raise Unmapped(f"condition operator {operator} is not evaluated here")


def statement_matches(statement, request):
    actions = statement.get("Action")
    if actions is not None and not any(glob(a, request.action, case=False) for a in as_list(actions)):
        return False
    if "NotAction" in statement and any(glob(a, request.action, case=False) for a in as_list(statement["NotAction"])):
        return False
    resources = statement.get("Resource")
    if resources is not None and not any(glob(r, request.resource) for r in as_list(resources)):
        return False
    if "NotResource" in statement and any(glob(r, request.resource) for r in as_list(statement["NotResource"])):
        return False
    context = dict(request.context)
    for operator, pairs in statement.get("Condition", {}).items():
        for key, expected in pairs.items():
            if not condition_holds(operator, key, expected, context):
                return False
    return True


def allowed_by(documents, request):
    """'allow', 'deny' (explicit) or None (not allowed: implicit deny)."""
    verdict = None
    for document in documents:
        for statement in as_list(document.get("Statement", [])):
            if statement_matches(statement, request):
                if statement["Effect"] == "Deny":
                    return "deny"
                verdict = "allow"
    return verdict


@dataclass
class Role:
    """A role's identity policies and, if any, its permissions boundary."""

    name: str
    policies: list
    boundary: list = field(default_factory=list)
    has_boundary: bool = False

    def allows(self, request):
        if allowed_by(self.policies, request) != "allow":
            return False
        return not self.has_boundary or allowed_by(self.boundary, request) == "allow"


def check(calls, role, skip=lambda request: False, role_boundaries=None):
    """(missing, unmapped): every request of `calls` that `role` is not granted, with the call
    that needed it, and every call that could not be mapped."""
    missing, unmapped = {}, []
    for call in calls:
        try:
            requests = authorizations(call, role_boundaries)
        except Unmapped as e:
            unmapped.append(str(e))
            continue
        except (KeyError, ValueError, IndexError) as e:
            unmapped.append(f"{describe(call)}: {e!r}")
            continue
        for request in requests:
            if not skip(request) and not role.allows(request):
                missing.setdefault(str(request), describe(call))
    return missing, unmapped
