"""What scripts/moto-server adds to moto for the infrastructure tests (infra/tests/e2e).

- `Recorder`: one JSON line per AWS call (who signed it, method, path, query, protocol headers
  and the small bodies), so a test can hold every call against the IAM policy of the role that
  made it (infra/tests/e2e/iam_check.py).
- `Invoke`: Lambda Invoke goes to the real `bootstrap` under cargo-lambda's emulator (moto's own
  Invoke needs Docker).
- `StandIns`: the few calls Terraform's AWS provider makes that moto lacks or answers unlike AWS;
  each one says what AWS does.
"""
import io
import json
import re
import threading
import time
import urllib.error
import urllib.request
import uuid
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs

# Bodies larger than this (site files, Lambda zips) are not recorded: no policy needs them.
RECORD_BODY_MAX = 64 * 1024
CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/\d{8}/([^/]+)/([^/]+)/")


def read_body(environ):
    """The request body, left readable for the app behind."""
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else b""
    environ["wsgi.input"] = io.BytesIO(body)
    return body


class Recorder:
    """WSGI middleware: appends each call to a JSON-lines file."""

    def __init__(self, app, path):
        self.app = app
        self.path = path
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        body = read_body(environ)
        auth = CREDENTIAL.search(environ.get("HTTP_AUTHORIZATION", ""))
        if not auth:
            # Presigned URLs carry the credential in the query.
            query_auth = parse_qs(environ.get("QUERY_STRING", "")).get("X-Amz-Credential", [""])[0]
            auth = CREDENTIAL.search("Credential=" + query_auth + "/")
        status = {}

        def capture(s, headers, exc_info=None):
            status["code"] = int(s.split()[0])
            return start_response(s, headers, exc_info)

        try:
            response = self.app(environ, capture)
        except Exception:
            status["code"] = 500
            raise
        finally:
            self.write(environ, auth, body, status)
        return response

    def write(self, environ, auth, body, status):
        entry = {
            "key": auth.group(1) if auth else None,
            "region": auth.group(2) if auth else None,
            "service": auth.group(3) if auth else None,
            "host": environ.get("HTTP_HOST", ""),
            "method": environ["REQUEST_METHOD"],
            "path": environ.get("RAW_URI", environ.get("PATH_INFO", "")).split("?")[0],
            "query": environ.get("QUERY_STRING", ""),
            "target": environ.get("HTTP_X_AMZ_TARGET"),
            "content_type": environ.get("CONTENT_TYPE", ""),
            "body": body.decode("utf-8", "replace") if len(body) <= RECORD_BODY_MAX else None,
            "status": status.get("code"),
        }
        with self.lock, open(self.path, "a") as f:
            f.write(json.dumps(entry) + "\n")


class OneAtATime:
    """WSGI middleware: one request at a time, on a threaded server (see moto-server)."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            return list(self.app(environ, start_response))


class Invoke:
    """WSGI middleware: Lambda Invoke is answered by the function behind a URL (cargo-lambda's
    emulator running the real bootstrap), whatever qualifier was named: `urls` maps a function
    name to its URL, and None to the URL of every other function."""

    INVOKE = re.compile(r"^/2015-03-31/functions/([^/]+)/invocations$")

    def __init__(self, app, urls):
        self.app = app
        self.urls = urls

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        match = self.INVOKE.match(path)
        if environ["REQUEST_METHOD"] != "POST" or not match:
            return self.app(environ, start_response)
        name = match.group(1).rsplit(":function:", 1)[-1].split(":", 1)[0]
        url = self.urls.get(name, self.urls.get(None))
        request = urllib.request.Request(url, data=read_body(environ), method="POST")
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                payload, code = answer.read(), answer.status
        except urllib.error.HTTPError as e:
            payload, code = e.read(), e.code
        headers = [("Content-Type", "application/json"), ("X-Amz-Executed-Version", "1")]
        start_response(f"{code} OK", headers)
        return [payload]


def streams_are_read_by_their_consumers():
    """moto hands a table's stream records to the functions of its event source mappings
    itself, at each write, by running them in Docker (which these machines have not), and
    empties the stream when it has. Lambda reads a stream through its own pollers, never inside
    a write. Here writes only add to the stream; the tests hand its records to the aggregator."""
    from moto.awslambda.models import LambdaBackend

    LambdaBackend.send_dynamodb_items = lambda self, function_arn, items, source: None

    # An event source mapping on an alias invokes the alias, whatever version it points at:
    # Lambda answers the mapping's FunctionArn as the alias's ARN, moto as that of the version
    # the alias pointed at when the mapping was made (and Terraform then wants to change it).
    create = LambdaBackend.create_event_source_mapping

    def create_event_source_mapping(self, spec):
        named = spec.get("FunctionName", "")
        mapping = create(self, spec)
        if named.startswith("arn:") and named.count(":") == 7:
            mapping.function_arn = named
        return mapping

    LambdaBackend.create_event_source_mapping = create_event_source_mapping


def cloudfront_functions_are_published():
    """moto 5.2 creates, describes, gets and deletes CloudFront Functions, but has neither
    UpdateFunction nor PublishFunction, and keeps one copy of the code. AWS keeps two stages:
    DEVELOPMENT, which CreateFunction and UpdateFunction write (each a new ETag), and LIVE,
    which PublishFunction copies DEVELOPMENT to and a distribution runs; DescribeFunction and
    GetFunction answer the stage asked for (`Stage`, DEVELOPMENT by default)."""
    from moto.cloudfront.exceptions import NoSuchFunctionExists
    from moto.cloudfront.responses import CloudFrontResponse
    from moto.core.responses import ActionResult
    from moto.core.utils import utcnow
    from moto.moto_api._internal import mock_random

    def stage_of(self):
        return self._get_param("Stage") or self.querystring.get("Stage", ["DEVELOPMENT"])[0]

    def live(function):
        if getattr(function, "live", None) is None:
            raise NoSuchFunctionExists(function.name)
        return function.live

    def summary(function, stage):
        out = dict(function.function_summary)
        if stage == "LIVE":
            code, config, etag, modified = live(function)
            out = {**out, "FunctionConfig": config, "Status": "DEPLOYED"}
            out["FunctionMetadata"] = {**out["FunctionMetadata"], "Stage": "LIVE", "LastModifiedTime": modified}
        else:
            out["FunctionMetadata"] = {**out["FunctionMetadata"], "Stage": "DEVELOPMENT"}
        return out

    def describe_function(self):
        function = self.backend.describe_function(name=self._get_param("Name"))
        stage = stage_of(self)
        etag = live(function)[2] if stage == "LIVE" else function.etag
        return ActionResult({"FunctionSummary": summary(function, stage), "ETag": etag})

    def get_function(self):
        function = self.backend.get_function(name=self._get_param("Name"))
        if stage_of(self) == "LIVE":
            code, _, etag, _ = live(function)
        else:
            code, etag = function.code, function.etag
        return ActionResult({"FunctionCode": code, "ETag": etag, "ContentType": "application/octet-stream"})

    def update_function(self):
        function = self.backend.describe_function(name=self._get_param("Name"))
        function.config = self._get_param("FunctionConfig", {}) or function.config
        function.code = self._get_param("FunctionCode")
        function.etag = mock_random.get_random_hex(length=13).upper()
        function.last_modified_time = utcnow()
        return ActionResult({"FunctionSummary": summary(function, "DEVELOPMENT"), "ETag": function.etag})

    def publish_function(self):
        function = self.backend.describe_function(name=self._get_param("Name"))
        function.live = (function.code, function.config, function.etag, utcnow())
        function.status = "DEPLOYED"
        return ActionResult({"FunctionSummary": summary(function, "LIVE")})

    CloudFrontResponse.describe_function = describe_function
    CloudFrontResponse.get_function = get_function
    CloudFrontResponse.update_function = update_function
    CloudFrontResponse.publish_function = publish_function


def xml_response(start_response, status, body, extra=()):
    start_response(status, [("Content-Type", "text/xml"), *extra])
    return [body.encode()]


def bucket_policies_see_tls():
    """moto ignores a bucket policy's Bool conditions, so a Deny on aws:SecureTransport = false
    (the site bucket's TLSOnly statement) refuses every upload. AWS evaluates it per request,
    and every SDK call reaches AWS over TLS: this stand-in's plain HTTP on loopback stands for
    that TLS, so a statement that applies only without TLS never applies here."""
    from moto.iam.access_control import IAMPolicy, PermissionResult
    from moto.s3.models import FakeBucket

    def only_without_tls(statement):
        expected = statement.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport")
        if expected is None:
            return False
        values = expected if isinstance(expected, list) else [expected]
        return "true" not in [str(v).lower() for v in values]

    def get_permission(self, action, resource):
        if self.policy is None:
            return PermissionResult.NEUTRAL
        policy = json.loads(self.policy)
        statements = policy["Statement"] if isinstance(policy["Statement"], list) else [policy["Statement"]]
        policy["Statement"] = [s for s in statements if not only_without_tls(s)]
        return IAMPolicy(json.dumps(policy)).is_action_permitted(action, resource)

    FakeBucket.get_permission = get_permission


class StandIns:
    """WSGI middleware: the calls of Terraform's AWS provider (5.x and 6.x) that moto 5.2 lacks,
    or answers unlike AWS in a way that breaks the provider."""

    DISTRIBUTION = re.compile(r"^/2020-05-31/distribution(?:/([^/]+))?(/config)?$")
    RHP = re.compile(r"^/2020-05-31/response-headers-policy(?:/([^/]+))?(/config)?$")

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()
        bucket_policies_see_tls()
        streams_are_read_by_their_consumers()
        cloudfront_functions_are_published()
        # CloudFront response headers policies: id -> (etag, config XML as sent).
        self.policies = {}
        # Budget notification subscribers: (budget, notification type, operator, threshold,
        # threshold type) -> [subscriber].
        self.subscribers = {}
        # Budget tags: ARN -> {key: value}.
        self.budget_tags = {}
        # Lambda functions: name -> LoggingConfig as last sent.
        self.logging = {}
        # CloudFront distributions: id -> {origin id: origin access control id}, and id -> the
        # ViewerCertificate element, as last sent.
        self.origin_access = {}
        self.certificates = {}
        self.function_associations = {}

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        match = self.RHP.match(path)
        if match:
            with self.lock:
                return self.response_headers_policy(environ, start_response, match.group(1), match.group(2))
        match = self.DISTRIBUTION.match(path)
        if match and environ["REQUEST_METHOD"] in ("GET", "POST", "PUT"):
            return self.distribution(environ, start_response, match.group(1))
        if path.startswith("/2015-03-31/functions") and not path.endswith("/invocations"):
            return self.function_logging(environ, start_response, path)
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if target in ("AWSBudgetServiceGateway.DescribeBudget", "AWSBudgetServiceGateway.DescribeBudgets"):
            return self.budget_with_period_start(environ, start_response)
        if target.startswith("AWSBudgetServiceGateway."):
            with self.lock:
                return self.budget_subscribers(environ, start_response, target.split(".", 1)[1])
        return self.app(environ, start_response)

    # Lambda's LoggingConfig: moto neither keeps nor returns it. AWS returns it on every function
    # configuration, {"LogFormat": "Text", "LogGroup": "/aws/lambda/NAME"} unless set otherwise.
    def function_logging(self, environ, start_response, path):
        method = environ["REQUEST_METHOD"]
        sent = read_body(environ) if method in ("POST", "PUT") else b""
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers

        body = b"".join(self.app(environ, capture))
        try:
            answer = json.loads(body) if captured["status"][:1] == "2" and body else None
        except ValueError:
            answer = None
        config = answer.get("Configuration", answer) if isinstance(answer, dict) else None
        if isinstance(config, dict) and "FunctionName" in config:
            name = config["FunctionName"]
            request = json.loads(sent) if sent.startswith(b"{") else {}
            with self.lock:
                if "LoggingConfig" in request and (path == "/2015-03-31/functions" or path.endswith("/configuration")):
                    self.logging[name] = request["LoggingConfig"]
                logging = {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{name}", **self.logging.get(name, {})}
            config.setdefault("LoggingConfig", logging)
            body = json.dumps(answer).encode()
        headers = [(k, v) for k, v in captured["headers"] if k.lower() != "content-length"]
        start_response(captured["status"], headers + [("Content-Length", str(len(body)))])
        return [body]

    # CloudFront distributions, as AWS answers them. moto drops each origin's
    # OriginAccessControlId and each behaviour's FunctionAssociations, adds ForwardedValues to
    # behaviours that use a cache policy (AWS returns none there), and takes any certificate for
    # the default one unless told otherwise.
    # AWS answers the certificate as sent, except that on the default *.cloudfront.net one it
    # answers MinimumProtocolVersion TLSv1 whatever was asked ("CloudFront automatically sets
    # the security policy to TLSv1").
    def distribution(self, environ, start_response, distribution_id):
        sent = read_body(environ) if environ["REQUEST_METHOD"] != "GET" else b""
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers

        body = b"".join(self.app(environ, capture))
        if not captured["status"].startswith(("200", "201")) or not body.strip():
            start_response(captured["status"], captured["headers"])
            return [body]
        ns = "{http://cloudfront.amazonaws.com/doc/2020-05-31/}"
        ET.register_namespace("", ns[1:-1])
        root = ET.fromstring(body)
        distribution_id = distribution_id or root.findtext(f"{ns}Id")
        with self.lock:
            if sent:
                request = ET.fromstring(sent)
                self.origin_access[distribution_id] = {
                    origin.findtext(f".//{ns}Id"): origin.findtext(f"{ns}OriginAccessControlId")
                    for origin in request.iter(f"{ns}Origin")
                }
                self.certificates[distribution_id] = request.find(f".//{ns}ViewerCertificate")
                # Each behaviour's CloudFront Functions as sent (moto answers none), by its path
                # pattern ("" for the default behaviour).
                self.function_associations[distribution_id] = {
                    behavior.findtext(f"{ns}PathPattern") or "": behavior.find(f"{ns}FunctionAssociations")
                    for tag in ("DefaultCacheBehavior", "CacheBehavior")
                    for behavior in request.iter(f"{ns}{tag}")
                }
            access = self.origin_access.get(distribution_id, {})
            certificate_sent = self.certificates.get(distribution_id)
            functions_sent = self.function_associations.get(distribution_id, {})
        for origin in root.iter(f"{ns}Origin"):
            oac = access.get(origin.findtext(f"{ns}Id"))
            if oac and origin.find(f"{ns}OriginAccessControlId") is None:
                ET.SubElement(origin, f"{ns}OriginAccessControlId").text = oac
        for tag in ("DefaultCacheBehavior", "CacheBehavior"):
            for behavior in root.iter(f"{ns}{tag}"):
                forwarded = behavior.find(f"{ns}ForwardedValues")
                if behavior.findtext(f"{ns}CachePolicyId") and forwarded is not None:
                    behavior.remove(forwarded)
                functions = functions_sent.get(behavior.findtext(f"{ns}PathPattern") or "")
                if functions is not None:
                    for old in behavior.findall(f"{ns}FunctionAssociations"):
                        behavior.remove(old)
                    behavior.append(ET.fromstring(ET.tostring(functions)))
        for config in root.iter(f"{ns}DistributionConfig"):
            old = config.find(f"{ns}ViewerCertificate")
            if certificate_sent is None or old is None:
                continue
            # The certificate as sent (moto assumes the default certificate whenever
            # CloudFrontDefaultCertificate is left out, as it is next to an ACM certificate),
            # with what AWS adds and changes.
            certificate = ET.fromstring(ET.tostring(certificate_sent))
            acm = certificate.findtext(f"{ns}ACMCertificateArn") or certificate.findtext(f"{ns}IAMCertificateId")
            for element in certificate.findall(f"{ns}CloudFrontDefaultCertificate"):
                certificate.remove(element)
            ET.SubElement(certificate, f"{ns}CloudFrontDefaultCertificate").text = "false" if acm else "true"
            if not acm:
                for name in ("ACMCertificateArn", "IAMCertificateId", "SSLSupportMethod", "MinimumProtocolVersion"):
                    for element in certificate.findall(f"{ns}{name}"):
                        certificate.remove(element)
                ET.SubElement(certificate, f"{ns}MinimumProtocolVersion").text = "TLSv1"
            ET.SubElement(certificate, f"{ns}CertificateSource").text = "acm" if acm else "cloudfront"
            config.remove(old)
            config.append(certificate)
        body = b'<?xml version="1.0"?>' + ET.tostring(root)
        headers = [(k, v) for k, v in captured["headers"] if k.lower() != "content-length"]
        start_response(captured["status"], headers + [("Content-Length", str(len(body)))])
        return [body]

    # CloudFront CreateResponseHeadersPolicy, Get…, Get…Config, Update…, Delete…: moto has none.
    # AWS keeps the config as sent; so does this, with an ETag that changes on each update.
    def response_headers_policy(self, environ, start_response, policy_id, config_only):
        method = environ["REQUEST_METHOD"]
        if method == "POST" and policy_id is None:
            config = read_body(environ).decode()
            name = re.search(r"<Name>([^<]*)</Name>", config).group(1)
            if any(re.search(r"<Name>([^<]*)</Name>", c).group(1) == name for _, c in self.policies.values()):
                return cloudfront_error(start_response, "409 Conflict", "ResponseHeadersPolicyAlreadyExists",
                                        f"A response headers policy named {name} already exists.")
            policy_id = uuid.uuid4().hex[:14].upper()
            self.policies[policy_id] = (uuid.uuid4().hex[:13].upper(), config)
            return self.policy_answer(start_response, "201 Created", policy_id, False,
                                      [("Location", f"https://cloudfront.amazonaws.com/2020-05-31/response-headers-policy/{policy_id}")])
        if policy_id not in self.policies:
            return cloudfront_error(start_response, "404 Not Found", "NoSuchResponseHeadersPolicy",
                                    "The response headers policy does not exist.")
        etag, _ = self.policies[policy_id]
        if method == "GET":
            return self.policy_answer(start_response, "200 OK", policy_id, bool(config_only))
        if environ.get("HTTP_IF_MATCH") != etag:
            return cloudfront_error(start_response, "412 Precondition Failed", "PreconditionFailed",
                                    "The If-Match version is missing or not valid for the resource.")
        if method == "PUT":
            self.policies[policy_id] = (uuid.uuid4().hex[:13].upper(), read_body(environ).decode())
            return self.policy_answer(start_response, "200 OK", policy_id, False)
        if method == "DELETE":
            del self.policies[policy_id]
            start_response("204 No Content", [])
            return [b""]
        return cloudfront_error(start_response, "405 Method Not Allowed", "MethodNotAllowed", "Not allowed.")

    def policy_answer(self, start_response, status, policy_id, config_only, extra=()):
        etag, config = self.policies[policy_id]
        config = re.sub(r"^<\?xml[^>]*>", "", config.strip())
        if config_only:
            body = config
        else:
            inner = re.sub(r' xmlns="[^"]*"', "", config, count=1)
            body = (
                '<ResponseHeadersPolicy xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">'
                f"<Id>{policy_id}</Id><LastModifiedTime>2026-01-01T00:00:00Z</LastModifiedTime>{inner}"
                "</ResponseHeadersPolicy>"
            )
        return xml_response(start_response, status, '<?xml version="1.0"?>' + body, [("ETag", etag), *extra])

    # Budget subscribers: moto stores notifications but not their subscribers, and has no
    # DescribeSubscribersForNotification (it answers 500, which the provider retries for ever).
    def budget_subscribers(self, environ, start_response, operation):
        request = json.loads(read_body(environ) or b"{}")
        budget = request.get("BudgetName") or request.get("Budget", {}).get("BudgetName")
        if operation in ("ListTagsForResource", "TagResource", "UntagResource"):
            return self.budget_tagging(start_response, operation, request)
        if operation == "DescribeSubscribersForNotification":
            found = self.subscribers.get(notification_key(budget, request["Notification"]), [])
            body = json.dumps({"Subscribers": found}).encode()
            start_response("200 OK", [("Content-Type", "application/x-amz-json-1.1")])
            return [body]
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"] = status
            return start_response(status, headers, exc_info)

        answer = self.app(environ, capture)
        if captured.get("status", "").startswith("200"):
            if operation == "CreateBudget":
                arn = f"arn:aws:budgets::{request['AccountId']}:budget/{budget}"
                self.budget_tags[arn] = {tag["Key"]: tag["Value"] for tag in request.get("ResourceTags", [])}
                for entry in request.get("NotificationsWithSubscribers", []):
                    self.subscribers[notification_key(budget, entry["Notification"])] = entry["Subscribers"]
            elif operation == "CreateNotification":
                self.subscribers[notification_key(budget, request["Notification"])] = request["Subscribers"]
            elif operation == "DeleteNotification":
                self.subscribers.pop(notification_key(budget, request["Notification"]), None)
            elif operation == "DeleteBudget":
                self.budget_tags.pop(f"arn:aws:budgets::{request['AccountId']}:budget/{budget}", None)
                self.subscribers = {k: v for k, v in self.subscribers.items() if k[0] != budget}
        return answer

    # Budget tags (ListTagsForResource, TagResource, UntagResource): moto has none.
    def budget_tagging(self, start_response, operation, request):
        tags = self.budget_tags.setdefault(request["ResourceARN"], {})
        answer = {}
        if operation == "ListTagsForResource":
            answer = {"ResourceTags": [{"Key": k, "Value": v} for k, v in sorted(tags.items())]}
        elif operation == "TagResource":
            tags.update({tag["Key"]: tag["Value"] for tag in request["ResourceTags"]})
        else:
            for key in request["ResourceTagKeys"]:
                tags.pop(key, None)
        start_response("200 OK", [("Content-Type", "application/x-amz-json-1.1")])
        return [json.dumps(answer).encode()]

    # AWS gives every budget a TimePeriod with a Start (the first day of the period it was made
    # in) when none is asked for; moto gives only the End, and the provider fails on the gap.
    def budget_with_period_start(self, environ, start_response):
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers

        body = b"".join(self.app(environ, capture))
        if captured["status"].startswith("200"):
            answer = json.loads(body)
            for budget in answer.get("Budgets", []) + ([answer["Budget"]] if "Budget" in answer else []):
                period = budget.setdefault("TimePeriod", {})
                period.setdefault("Start", 1764547200.0)  # 2025-12-01T00:00:00Z
            body = json.dumps(answer).encode()
        headers = [(k, v) for k, v in captured["headers"] if k.lower() != "content-length"]
        start_response(captured["status"], headers + [("Content-Length", str(len(body)))])
        return [body]


def notification_key(budget, notification):
    return (budget, notification.get("NotificationType"), notification.get("ComparisonOperator"),
            float(notification.get("Threshold", 0)), notification.get("ThresholdType", "PERCENTAGE"))


def cloudfront_error(start_response, status, code, message):
    body = (
        '<?xml version="1.0"?><ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">'
        f"<Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error></ErrorResponse>"
    )
    return xml_response(start_response, status, body)


class Conflicts:
    """WSGI middleware: DynamoDB's transaction conflict rules, which moto lacks (it applies
    transactions one after another, so nothing a test sends to it can ever conflict).

    DynamoDB takes no locks (developer guide, "Managing complex workflows with DynamoDB
    transactions", transaction conflict handling): while a TransactWriteItems is in flight, its
    items are held, and
    - another TransactWriteItems that touches one of them is cancelled
      (TransactionCanceledException, reason `TransactionConflict` for that item, `None` for the
      others), and has no effect;
    - a PutItem, UpdateItem or DeleteItem of one of them fails with
      TransactionConflictException, and has no effect.
    And a transaction that touches an item a plain write is being applied to is cancelled the
    same way. A transaction sent again with the ClientRequestToken of one still in flight (a
    client's retry after its try timed out) is answered TransactionInProgressException, as
    DynamoDB answers it, and is no conflict between two transactions. Here a transaction holds its items for `hold` seconds (DynamoDB's transactions take
    about 25 ms, measured from Lambda), then moto applies it; a plain write holds its item while
    moto applies it (plain writes of one item do not conflict with each other: DynamoDB applies
    them in turn).

    GET /_conflicts answers what it saw: transactions sent, applied, cancelled by a conflict (and
    by a condition), retries of one in flight, plain writes and those refused by a conflict, and the write units DynamoDB
    would bill for the writes that took effect: 2 per started KB of each item written in a
    transaction, 1 per KB for a plain write (the item's size is read from the request, which
    gives the size of a Put's item and at least that of an Update's change). POST /_conflicts
    sets the counts back to zero.
    """

    WRITES = {"PutItem", "UpdateItem", "DeleteItem"}

    def __init__(self, app, hold):
        self.app = app
        self.hold = hold
        self.lock = threading.Lock()
        self.held = {}  # (table, key) -> the tokens of the transactions in flight holding it
        self.writing = {}  # (table, key) -> number of plain writes being applied to it
        self.reset()

    def reset(self):
        self.counts = {
            "transactions": 0,
            "transactions_applied": 0,
            "transactions_conflicted": 0,
            "transactions_in_progress": 0,
            "transactions_refused_by_a_condition": 0,
            "plain_writes": 0,
            "plain_writes_applied": 0,
            "plain_writes_conflicted": 0,
            "write_units": 0,
        }

    def count(self, name, by=1):
        with self.lock:
            self.counts[name] += by

    @staticmethod
    def key_of(table, request):
        """The item a write names: its Key, or the key attributes of a Put's Item."""
        key = request.get("Key")
        if key is None:
            item = request.get("Item", {})
            names = Conflicts.key_names(table)
            key = {name: item.get(name) for name in names}
        return (table, json.dumps(key, sort_keys=True))

    @staticmethod
    def key_names(table):
        try:
            from moto.dynamodb.models import dynamodb_backends

            for account in dynamodb_backends.values():
                for backend in account.values():
                    found = backend.tables.get(table)
                    if found is not None:
                        return [n for n in (found.hash_key_attr, found.range_key_attr) if n]
        except Exception:  # noqa: BLE001 (an unknown table: moto answers for it itself)
            pass
        return ["pk", "sk"]

    @staticmethod
    def units(request):
        size = len(json.dumps(request.get("Item") or request.get("ExpressionAttributeValues") or {}))
        return max(1, -(-size // 1024))

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == "/_conflicts":
            if environ["REQUEST_METHOD"] == "POST":
                with self.lock:
                    self.reset()
            with self.lock:
                body = json.dumps(self.counts).encode()
            start_response("200 OK", [("Content-Type", "application/json")])
            return [body]
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        operation = target.rsplit(".", 1)[-1] if target.startswith("DynamoDB_") else ""
        if operation == "TransactWriteItems":
            return self.transaction(environ, start_response)
        if operation in self.WRITES:
            return self.plain_write(environ, start_response)
        return self.app(environ, start_response)

    def transaction(self, environ, start_response):
        try:
            body = json.loads(read_body(environ))
            items = body.get("TransactItems", [])
            token = body.get("ClientRequestToken") or object()  # no token: no retry of another
            writes = [(kind, request) for item in items for kind, request in item.items()]
            keys = [self.key_of(request.get("TableName", ""), request) for _, request in writes]
        except (ValueError, AttributeError):
            return self.app(environ, start_response)
        with self.lock:
            self.counts["transactions"] += 1
            holders = [self.held.get(key, []) for key in keys]
            again = any(token in h for h in holders)
            taken = [bool(h) or key in self.writing for h, key in zip(holders, keys)]
            if not any(taken):
                for key in keys:
                    self.held.setdefault(key, []).append(token)
        if again:
            self.count("transactions_in_progress")
            return self.error(start_response, "TransactionInProgressException",
                              "The transaction with the given request token is already in progress.")
        if any(taken):
            self.count("transactions_conflicted")
            reasons = [
                {"Code": "TransactionConflict", "Message": "Transaction is ongoing for the item"}
                if t else {"Code": "None"}
                for t in taken
            ]
            codes = ", ".join(r["Code"] for r in reasons)
            return self.error(start_response, "TransactionCanceledException",
                              f"Transaction cancelled, please refer cancellation reasons for specific reasons [{codes}]",
                              CancellationReasons=reasons)
        try:
            time.sleep(self.hold)
            status = {}

            def capture(s, headers, exc_info=None):
                status["code"] = s
                return start_response(s, headers, exc_info)

            response = list(self.app(environ, capture))
        finally:
            with self.lock:
                for key in keys:
                    self.held[key].remove(token)
                    if not self.held[key]:
                        del self.held[key]
        if status.get("code", "").startswith("200"):
            self.count("transactions_applied")
            self.count("write_units", sum(2 * self.units(r) for kind, r in writes if kind != "ConditionCheck"))
        else:
            self.count("transactions_refused_by_a_condition")
        return response

    def plain_write(self, environ, start_response):
        try:
            request = json.loads(read_body(environ))
            key = self.key_of(request.get("TableName", ""), request)
        except (ValueError, AttributeError):
            return self.app(environ, start_response)
        with self.lock:
            self.counts["plain_writes"] += 1
            conflicted = key in self.held
            if not conflicted:
                self.writing[key] = self.writing.get(key, 0) + 1
        if conflicted:
            self.count("plain_writes_conflicted")
            return self.error(start_response, "TransactionConflictException",
                              "Transaction is ongoing for the item")
        status = {}

        def capture(s, headers, exc_info=None):
            status["code"] = s
            return start_response(s, headers, exc_info)

        try:
            response = list(self.app(environ, capture))
        finally:
            with self.lock:
                self.writing[key] -= 1
                if not self.writing[key]:
                    del self.writing[key]
        if status.get("code", "").startswith("200"):
            self.count("plain_writes_applied")
            self.count("write_units", self.units(request))
        return response

    @staticmethod
    def error(start_response, kind, message, **extra):
        body = {"__type": f"com.amazonaws.dynamodb.v20120810#{kind}", "Message": message, **extra}
        start_response("400 Bad Request", [("Content-Type", "application/x-amz-json-1.0")])
        return [json.dumps(body).encode()]


def transactions_undo_their_own_writes():
    """moto rolls a cancelled TransactWriteItems back by putting back a deep copy of each table
    it named, taken before it began. Two things go wrong with that, and not with DynamoDB:
    - the copy holds a copy of the table's stream, so every shard iterator handed out before
      reads a stream that no longer grows: a stream reader stops seeing writes after the first
      cancelled transaction;
    - the copy is of the whole table, stream records included, for every transaction: each costs
      time in proportion to the table, and a run slows as it goes.
    DynamoDB writes nothing of a cancelled transaction, and no stream record of it. Here the
    items a transaction names are saved before it (and the stream's length), and put back after
    a cancellation, its stream records dropped; nothing else is copied."""
    import copy as real_copy

    import moto.dynamodb.models as models
    from moto.dynamodb.models.dynamo_type import DynamoType
    from moto.dynamodb.models.table import Table

    class TablesAreNotCopied:
        """`copy` as moto.dynamodb.models sees it: a table "copied" is the table itself."""

        @staticmethod
        def deepcopy(value, *args, **kwargs):
            if isinstance(value, Table):
                return value
            return real_copy.deepcopy(value, *args, **kwargs)

        def __getattr__(self, name):
            return getattr(real_copy, name)

    models.copy = TablesAreNotCopied()
    original = models.DynamoDBBackend.transact_write_items

    def transact_write_items(self, transact_items):
        saved = []  # (table, hash, range, item before or None)
        streams = {}  # table -> stream length before
        for entry in transact_items:
            try:
                _, op = next(iter(entry.items()))
                table = self.tables[op["TableName"]]
                attrs = op.get("Key") or op["Item"]
                hash_key = DynamoType(attrs[table.hash_key_attr])
                range_key = DynamoType(attrs[table.range_key_attr]) if table.range_key_attr else None
            except (KeyError, TypeError, StopIteration, AttributeError):
                continue  # moto refuses it itself
            before = table.get_item(hash_key, range_key)
            saved.append((table, hash_key, range_key, real_copy.deepcopy(before)))
            if table.stream_shard is not None:
                streams.setdefault(id(table), (table, len(table.stream_shard.items)))
        try:
            return original(self, transact_items)
        except Exception:
            for table, hash_key, range_key, before in reversed(saved):
                if range_key is None:
                    table.items.pop(hash_key, None)
                    if before is not None:
                        table.items[hash_key] = before
                else:
                    table.items[hash_key].pop(range_key, None)
                    if before is not None:
                        table.items[hash_key][range_key] = before
                    elif not table.items[hash_key]:
                        del table.items[hash_key]
            for table, length in streams.values():
                del table.stream_shard.items[length:]
            raise

    models.DynamoDBBackend.transact_write_items = transact_write_items
