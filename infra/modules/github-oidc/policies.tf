# What each pipeline may do.

# API: ship code, publish a version, smoke-invoke it, move the alias. On the one function.
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
    resources = [var.targets.function_arn, "${var.targets.function_arn}:*"]
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
      "cloudfront:ListCachePolicies", "cloudfront:GetCachePolicy",
      "cloudfront:ListOriginRequestPolicies", "cloudfront:GetOriginRequestPolicy",
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

  statement {
    sid = "Table"
    actions = [
      "dynamodb:CreateTable", "dynamodb:DeleteTable", "dynamodb:DescribeTable", "dynamodb:UpdateTable",
      "dynamodb:DescribeTimeToLive", "dynamodb:UpdateTimeToLive", "dynamodb:DescribeContinuousBackups",
      "dynamodb:UpdateContinuousBackups", "dynamodb:ListTagsOfResource", "dynamodb:TagResource",
    ]
    resources = ["arn:${data.aws_partition.current.partition}:dynamodb:*:${data.aws_caller_identity.current.account_id}:table/${var.name}*"]
  }

  statement {
    sid = "Roles"
    actions = [
      "iam:CreateRole", "iam:DeleteRole", "iam:GetRole", "iam:UpdateRole", "iam:UpdateAssumeRolePolicy",
      "iam:PutRolePolicy", "iam:GetRolePolicy", "iam:DeleteRolePolicy", "iam:ListRolePolicies",
      "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole", "iam:PassRole", "iam:TagRole",
    ]
    resources = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/${var.name}-*"]
  }

  statement {
    sid = "OidcProvider"
    actions = [
      "iam:CreateOpenIDConnectProvider", "iam:GetOpenIDConnectProvider", "iam:DeleteOpenIDConnectProvider",
      "iam:UpdateOpenIDConnectProviderThumbprint", "iam:AddClientIDToOpenIDConnectProvider",
      "iam:TagOpenIDConnectProvider",
    ]
    resources = [local.provider_arn]
  }

  statement {
    sid = "LogsAlarmsTopics"
    actions = [
      "logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:PutRetentionPolicy", "logs:DescribeLogGroups",
      "logs:ListTagsForResource", "logs:TagResource",
      "cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:DescribeAlarms",
      "cloudwatch:ListTagsForResource",
      "sns:CreateTopic", "sns:DeleteTopic", "sns:GetTopicAttributes", "sns:SetTopicAttributes",
      "sns:Subscribe", "sns:Unsubscribe", "sns:GetSubscriptionAttributes", "sns:ListTagsForResource",
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
      "acm:RequestCertificate", "acm:DescribeCertificate", "acm:DeleteCertificate", "acm:ListTagsForCertificate",
      "acm:AddTagsToCertificate", "route53:ListHostedZones", "route53:GetHostedZone",
      "route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets", "route53:GetChange",
      "budgets:ViewBudget", "budgets:ModifyBudget", "budgets:ListTagsForResource",
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
    sid = "ReadOnlyLookups"
    # These calls take no resource ARN.
    actions   = ["sts:GetCallerIdentity", "acm:ListCertificates", "logs:DescribeLogGroups", "route53:ListHostedZonesByName"]
    resources = ["*"]
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
      "cloudfront:ListCachePolicies", "cloudfront:GetCachePolicy",
      "cloudfront:ListOriginRequestPolicies", "cloudfront:GetOriginRequestPolicy",
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
    sid = "ReadTable"
    actions = [
      "dynamodb:DescribeTable", "dynamodb:DescribeTimeToLive", "dynamodb:DescribeContinuousBackups",
      "dynamodb:ListTagsOfResource",
    ]
    resources = ["arn:${data.aws_partition.current.partition}:dynamodb:*:${data.aws_caller_identity.current.account_id}:table/${var.name}*"]
  }

  statement {
    sid = "ReadRoles"
    actions = [
      "iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies",
    ]
    resources = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/${var.name}-*"]
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
      "acm:DescribeCertificate", "acm:ListTagsForCertificate", "route53:GetHostedZone",
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
    actions   = ["sts:GetCallerIdentity", "acm:ListCertificates", "logs:DescribeLogGroups", "route53:ListHostedZones", "route53:ListHostedZonesByName"]
    resources = ["*"]
  }
}
