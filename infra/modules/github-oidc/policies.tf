# What each pipeline may do.

locals {
  # The roles of the API function and of the aggregator: the infrastructure pipeline manages
  # them only within the function boundary.
  function_role_arns = [
    "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/${var.name}-function",
    "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/${var.name}-aggregator",
  ]
}

# API: ship code, publish a version, smoke-invoke it, move the alias. On the API function and
# the aggregator, which one release ships together.
data "aws_iam_policy_document" "api" {
  statement {
    sid = "ShipAndPromote"
    actions = [
      "lambda:GetFunction",
      "lambda:GetFunctionConfiguration",
      "lambda:UpdateFunctionCode",
      "lambda:PublishVersion",
      "lambda:ListVersionsByFunction",
      "lambda:GetAlias",
      "lambda:UpdateAlias",
      "lambda:InvokeFunction",
    ]
    resources = [
      var.targets.function_arn, "${var.targets.function_arn}:*",
      var.targets.aggregator_arn, "${var.targets.aggregator_arn}:*",
    ]
  }
  # A canary is watched through the version's Errors metric. GetMetricStatistics has no
  # resource-level permissions: "*" is the only resource it accepts, and it only reads.
  statement {
    sid       = "WatchCanary"
    actions   = ["cloudwatch:GetMetricStatistics"]
    resources = ["*"]
  }
}

# Site: sync the bucket and invalidate the distribution.
data "aws_iam_policy_document" "site" {
  statement {
    sid       = "ListSite"
    actions   = ["s3:ListBucket"]
    resources = [var.targets.bucket_arn]
  }
  statement {
    sid       = "SyncSite"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${var.targets.bucket_arn}/*"]
  }
  statement {
    sid       = "Invalidate"
    actions   = ["cloudfront:CreateInvalidation", "cloudfront:GetInvalidation"]
    resources = [var.targets.distribution_arn]
  }
}

# Infrastructure: what `terraform plan/apply` of infra/envs/prod needs, service by service,
# named one by one. Resource scoping is by name prefix where the service allows it.
data "aws_iam_policy_document" "infra" {
  statement {
    sid       = "State"
    actions   = ["s3:ListBucket", "s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["arn:${data.aws_partition.current.partition}:s3:::${var.state.bucket}", "arn:${data.aws_partition.current.partition}:s3:::${var.state.bucket}/${var.state.key}*"]
  }

  statement {
    sid = "SiteBucket"
    actions = [
      "s3:CreateBucket", "s3:DeleteBucket", "s3:ListBucket", "s3:GetBucketLocation",
      "s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy",
      "s3:GetBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock",
      "s3:GetBucketOwnershipControls", "s3:PutBucketOwnershipControls",
      "s3:GetBucketVersioning", "s3:PutBucketVersioning",
      "s3:GetEncryptionConfiguration", "s3:PutEncryptionConfiguration",
      "s3:GetLifecycleConfiguration", "s3:PutLifecycleConfiguration",
      "s3:GetBucketAcl", "s3:GetBucketCORS", "s3:GetBucketWebsite", "s3:GetBucketLogging",
      "s3:GetAccelerateConfiguration", "s3:GetBucketRequestPayment", "s3:GetReplicationConfiguration",
      "s3:GetBucketObjectLockConfiguration", "s3:GetBucketTagging", "s3:PutBucketTagging",
    ]
    resources = ["arn:${data.aws_partition.current.partition}:s3:::${var.name}-site-*"]
  }

  statement {
    sid = "CloudFront"
    actions = [
      "cloudfront:CreateDistribution", "cloudfront:UpdateDistribution", "cloudfront:GetDistribution",
      "cloudfront:GetDistributionConfig", "cloudfront:DeleteDistribution", "cloudfront:TagResource",
      "cloudfront:ListTagsForResource", "cloudfront:CreateOriginAccessControl", "cloudfront:GetOriginAccessControl",
      "cloudfront:UpdateOriginAccessControl", "cloudfront:DeleteOriginAccessControl",
      "cloudfront:CreateResponseHeadersPolicy", "cloudfront:GetResponseHeadersPolicy",
      "cloudfront:UpdateResponseHeadersPolicy", "cloudfront:DeleteResponseHeadersPolicy",
      "cloudfront:CreateFunction", "cloudfront:UpdateFunction", "cloudfront:PublishFunction",
      "cloudfront:DescribeFunction", "cloudfront:GetFunction", "cloudfront:DeleteFunction",
    ]
    resources = ["arn:${data.aws_partition.current.partition}:cloudfront::${data.aws_caller_identity.current.account_id}:*"]
  }

  statement {
    sid = "Function"
    actions = [
      "lambda:CreateFunction", "lambda:DeleteFunction", "lambda:GetFunction", "lambda:GetFunctionConfiguration",
      "lambda:UpdateFunctionConfiguration", "lambda:GetFunctionCodeSigningConfig", "lambda:ListVersionsByFunction",
      "lambda:PublishVersion", "lambda:PutFunctionConcurrency", "lambda:DeleteFunctionConcurrency",
      "lambda:GetFunctionConcurrency", "lambda:CreateAlias", "lambda:GetAlias", "lambda:DeleteAlias",
      "lambda:UpdateAlias", "lambda:CreateFunctionUrlConfig", "lambda:GetFunctionUrlConfig",
      "lambda:UpdateFunctionUrlConfig", "lambda:DeleteFunctionUrlConfig", "lambda:AddPermission",
      "lambda:RemovePermission", "lambda:GetPolicy", "lambda:ListTags", "lambda:TagResource",
    ]
    resources = ["arn:${data.aws_partition.current.partition}:lambda:*:${data.aws_caller_identity.current.account_id}:function:${var.name}*"]
  }

  # The aggregator's trigger and its queue of failed batches. An event source mapping's ARN is
  # a UUID Lambda makes; the mapping names the function (lambda:FunctionArn).
  statement {
    sid = "AggregatorTrigger"
    actions = [
      "lambda:CreateEventSourceMapping", "lambda:GetEventSourceMapping", "lambda:UpdateEventSourceMapping",
      "lambda:DeleteEventSourceMapping", "lambda:ListTags", "lambda:TagResource",
    ]
    resources = ["arn:${data.aws_partition.current.partition}:lambda:*:${data.aws_caller_identity.current.account_id}:event-source-mapping:*"]
  }

  statement {
    sid = "AggregatorFailureQueue"
    actions = [
      "sqs:CreateQueue", "sqs:DeleteQueue", "sqs:GetQueueAttributes", "sqs:SetQueueAttributes",
      "sqs:ListQueueTags", "sqs:TagQueue", "sqs:UntagQueue",
    ]
    resources = ["arn:${data.aws_partition.current.partition}:sqs:*:${data.aws_caller_identity.current.account_id}:${var.name}-*"]
  }

  statement {
    sid = "Table"
    actions = [
      "dynamodb:CreateTable", "dynamodb:DeleteTable", "dynamodb:DescribeTable", "dynamodb:UpdateTable",
      "dynamodb:DescribeTimeToLive", "dynamodb:UpdateTimeToLive", "dynamodb:DescribeContinuousBackups",
      "dynamodb:UpdateContinuousBackups", "dynamodb:ListTagsOfResource", "dynamodb:TagResource",
    ]
    resources = ["arn:${data.aws_partition.current.partition}:dynamodb:*:${data.aws_caller_identity.current.account_id}:table/${var.name}*"]
  }

  # The function's role only, and only with its permissions boundary on it: whatever policy
  # the pipeline writes, the role can do no more than the boundary allows.
  statement {
    sid = "FunctionRoleWithinItsBoundary"
    actions = [
      "iam:CreateRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:AttachRolePolicy",
      "iam:DetachRolePolicy", "iam:PutRolePermissionsBoundary",
    ]
    resources = local.function_role_arns
    condition {
      test     = "StringEquals"
      variable = "iam:PermissionsBoundary"
      values   = [aws_iam_policy.function_boundary.arn]
    }
  }

  statement {
    sid = "FunctionRole"
    actions = [
      "iam:DeleteRole", "iam:UpdateRole", "iam:UpdateAssumeRolePolicy", "iam:TagRole", "iam:UntagRole",
      "iam:ListInstanceProfilesForRole",
    ]
    resources = local.function_role_arns
  }

  statement {
    sid       = "PassFunctionRoleToLambda"
    actions   = ["iam:PassRole"]
    resources = local.function_role_arns
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["lambda.amazonaws.com"]
    }
  }

  # Its own role, the other pipelines' roles, the boundary and the OIDC provider: read only
  # (a plan reads them; an administrator changes them).
  statement {
    sid = "ReadRolesBoundaryAndProvider"
    actions = [
      "iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies",
      "iam:ListInstanceProfilesForRole", "iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions",
      "iam:GetOpenIDConnectProvider",
    ]
    resources = [
      "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/${var.name}-*",
      aws_iam_policy.function_boundary.arn,
      local.provider_arn,
    ]
  }

  statement {
    sid = "LogsAlarmsTopics"
    actions = [
      "logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:PutRetentionPolicy", "logs:DescribeLogGroups",
      "logs:ListTagsForResource", "logs:TagResource",
      "cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:DescribeAlarms",
      "cloudwatch:ListTagsForResource", "cloudwatch:TagResource", "cloudwatch:UntagResource",
      "sns:CreateTopic", "sns:DeleteTopic", "sns:GetTopicAttributes", "sns:SetTopicAttributes",
      "sns:Subscribe", "sns:Unsubscribe", "sns:GetSubscriptionAttributes", "sns:ListTagsForResource",
      "sns:TagResource", "sns:UntagResource",
    ]
    resources = [
      "arn:${data.aws_partition.current.partition}:logs:*:${data.aws_caller_identity.current.account_id}:log-group:/aws/lambda/${var.name}*",
      "arn:${data.aws_partition.current.partition}:cloudwatch:*:${data.aws_caller_identity.current.account_id}:alarm:${var.name}-*",
      "arn:${data.aws_partition.current.partition}:sns:*:${data.aws_caller_identity.current.account_id}:${var.name}-*",
    ]
  }

  statement {
    sid = "DomainAndBudget"
    actions = [
      "acm:DescribeCertificate", "acm:DeleteCertificate", "acm:ListTagsForCertificate",
      "acm:AddTagsToCertificate", "route53:GetHostedZone", "route53:ListTagsForResource",
      "route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets", "route53:GetChange",
      "budgets:ViewBudget", "budgets:ModifyBudget", "budgets:ListTagsForResource", "budgets:TagResource",
      "budgets:UntagResource",
    ]
    # ACM certificate ARNs and Route 53 change IDs are not known before they exist.
    resources = [
      "arn:${data.aws_partition.current.partition}:acm:us-east-1:${data.aws_caller_identity.current.account_id}:certificate/*",
      "arn:${data.aws_partition.current.partition}:route53:::hostedzone/*",
      "arn:${data.aws_partition.current.partition}:route53:::change/*",
      "arn:${data.aws_partition.current.partition}:budgets::${data.aws_caller_identity.current.account_id}:budget/${var.name}*",
    ]
  }

  statement {
    sid = "Lookups"
    # These calls take no resource ARN: "*" is the only resource they accept. RequestCertificate
    # creates an ARN no one knows beforehand. (GetCallerIdentity needs no permission at all.)
    actions = [
      "acm:ListCertificates", "acm:RequestCertificate", "logs:DescribeLogGroups", "route53:ListHostedZones",
      "route53:ListHostedZonesByName",
    ]
    resources = ["*"]
  }

  # The opt-in rate limit: a WAF web ACL for CloudFront (global scope, made in us-east-1).
  statement {
    sid = "RateLimit"
    actions = [
      "wafv2:CreateWebACL", "wafv2:GetWebACL", "wafv2:UpdateWebACL", "wafv2:DeleteWebACL",
      "wafv2:ListTagsForResource", "wafv2:TagResource", "wafv2:UntagResource",
    ]
    resources = ["arn:${data.aws_partition.current.partition}:wafv2:us-east-1:${data.aws_caller_identity.current.account_id}:global/webacl/${var.name}-*"]
  }

  # The table is encrypted with the AWS managed DynamoDB key, which the provider describes by
  # alias; the key's own ARN is not known beforehand. DescribeKey only reads the key's metadata.
  statement {
    sid       = "DescribeManagedKeys"
    actions   = ["kms:DescribeKey"]
    resources = ["arn:${data.aws_partition.current.partition}:kms:*:${data.aws_caller_identity.current.account_id}:key/*"]
  }
}

# Plans on pull requests: what `terraform plan -lock=false` reads, and nothing it could change.
data "aws_iam_policy_document" "plan" {
  statement {
    sid       = "ReadState"
    actions   = ["s3:ListBucket", "s3:GetObject"]
    resources = ["arn:${data.aws_partition.current.partition}:s3:::${var.state.bucket}", "arn:${data.aws_partition.current.partition}:s3:::${var.state.bucket}/${var.state.key}*"]
  }

  statement {
    sid = "ReadSiteBucket"
    actions = [
      "s3:ListBucket", "s3:GetBucketLocation", "s3:GetBucketPolicy", "s3:GetBucketPublicAccessBlock",
      "s3:GetBucketOwnershipControls", "s3:GetBucketVersioning", "s3:GetEncryptionConfiguration",
      "s3:GetLifecycleConfiguration", "s3:GetBucketAcl", "s3:GetBucketCORS", "s3:GetBucketWebsite",
      "s3:GetBucketLogging", "s3:GetAccelerateConfiguration", "s3:GetBucketRequestPayment",
      "s3:GetReplicationConfiguration", "s3:GetBucketObjectLockConfiguration", "s3:GetBucketTagging",
    ]
    resources = ["arn:${data.aws_partition.current.partition}:s3:::${var.name}-site-*"]
  }

  statement {
    sid = "ReadDistribution"
    actions = [
      "cloudfront:GetDistribution", "cloudfront:GetDistributionConfig", "cloudfront:ListTagsForResource",
      "cloudfront:GetOriginAccessControl", "cloudfront:GetResponseHeadersPolicy",
      "cloudfront:DescribeFunction", "cloudfront:GetFunction",
    ]
    resources = ["arn:${data.aws_partition.current.partition}:cloudfront::${data.aws_caller_identity.current.account_id}:*"]
  }

  statement {
    sid = "ReadFunction"
    actions = [
      "lambda:GetFunction", "lambda:GetFunctionConfiguration", "lambda:GetFunctionCodeSigningConfig",
      "lambda:ListVersionsByFunction", "lambda:GetFunctionConcurrency", "lambda:GetAlias",
      "lambda:GetFunctionUrlConfig", "lambda:GetPolicy", "lambda:ListTags",
    ]
    resources = ["arn:${data.aws_partition.current.partition}:lambda:*:${data.aws_caller_identity.current.account_id}:function:${var.name}*"]
  }

  statement {
    sid       = "ReadAggregatorTrigger"
    actions   = ["lambda:GetEventSourceMapping", "lambda:ListTags"]
    resources = ["arn:${data.aws_partition.current.partition}:lambda:*:${data.aws_caller_identity.current.account_id}:event-source-mapping:*"]
  }

  statement {
    sid       = "ReadAggregatorFailureQueue"
    actions   = ["sqs:GetQueueAttributes", "sqs:ListQueueTags"]
    resources = ["arn:${data.aws_partition.current.partition}:sqs:*:${data.aws_caller_identity.current.account_id}:${var.name}-*"]
  }

  statement {
    sid = "ReadTable"
    actions = [
      "dynamodb:DescribeTable", "dynamodb:DescribeTimeToLive", "dynamodb:DescribeContinuousBackups",
      "dynamodb:ListTagsOfResource",
    ]
    resources = ["arn:${data.aws_partition.current.partition}:dynamodb:*:${data.aws_caller_identity.current.account_id}:table/${var.name}*"]
  }

  statement {
    sid = "ReadRolesAndBoundary"
    actions = [
      "iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies",
      "iam:GetPolicy", "iam:GetPolicyVersion",
    ]
    resources = [
      "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/${var.name}-*",
      aws_iam_policy.function_boundary.arn,
    ]
  }

  statement {
    sid       = "ReadOidcProvider"
    actions   = ["iam:GetOpenIDConnectProvider"]
    resources = [local.provider_arn]
  }

  statement {
    sid = "ReadLogsAlarmsTopics"
    actions = [
      "logs:ListTagsForResource", "cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource",
      "sns:GetTopicAttributes", "sns:GetSubscriptionAttributes", "sns:ListTagsForResource",
    ]
    resources = [
      "arn:${data.aws_partition.current.partition}:logs:*:${data.aws_caller_identity.current.account_id}:log-group:/aws/lambda/${var.name}*",
      "arn:${data.aws_partition.current.partition}:cloudwatch:*:${data.aws_caller_identity.current.account_id}:alarm:${var.name}-*",
      "arn:${data.aws_partition.current.partition}:sns:*:${data.aws_caller_identity.current.account_id}:${var.name}-*",
    ]
  }

  statement {
    sid = "ReadDomainAndBudget"
    actions = [
      "acm:DescribeCertificate", "acm:ListTagsForCertificate", "route53:GetHostedZone", "route53:ListTagsForResource",
      "route53:ListResourceRecordSets", "route53:GetChange", "budgets:ViewBudget", "budgets:ListTagsForResource",
    ]
    resources = [
      "arn:${data.aws_partition.current.partition}:acm:us-east-1:${data.aws_caller_identity.current.account_id}:certificate/*",
      "arn:${data.aws_partition.current.partition}:route53:::hostedzone/*",
      "arn:${data.aws_partition.current.partition}:route53:::change/*",
      "arn:${data.aws_partition.current.partition}:budgets::${data.aws_caller_identity.current.account_id}:budget/${var.name}*",
    ]
  }

  statement {
    sid       = "Lookups"
    actions   = ["acm:ListCertificates", "logs:DescribeLogGroups", "route53:ListHostedZones", "route53:ListHostedZonesByName"]
    resources = ["*"]
  }

  statement {
    sid       = "DescribeManagedKeys"
    actions   = ["kms:DescribeKey"]
    resources = ["arn:${data.aws_partition.current.partition}:kms:*:${data.aws_caller_identity.current.account_id}:key/*"]
  }

  statement {
    sid       = "ReadRateLimit"
    actions   = ["wafv2:GetWebACL", "wafv2:ListTagsForResource"]
    resources = ["arn:${data.aws_partition.current.partition}:wafv2:us-east-1:${data.aws_caller_identity.current.account_id}:global/webacl/${var.name}-*"]
  }
}
