# GitHub Actions signs in with OIDC (no stored AWS keys). One role per pipeline, each trusted
# only by the jobs of its own GitHub environment (a job's OIDC subject names its environment),
# each allowed only what its pipeline does; and a read-only role for `terraform plan` on pull
# requests. No wildcard actions.
#
# The infrastructure pipeline applies everything else, but not this module's roles, the
# function role's permissions boundary or the OIDC provider: a role that could rewrite its own
# policy, or another pipeline's, could grant itself anything. An administrator applies changes
# to them (infra/README.md, "Changing what the pipelines may do").

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  issuer       = "token.actions.githubusercontent.com"
  provider_arn = var.create_provider ? aws_iam_openid_connect_provider.github[0].arn : "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:oidc-provider/${local.issuer}"
  # The GitHub environment of each deploying pipeline's job: its token's subject is
  # repo:OWNER/NAME:environment:ENVIRONMENT, whatever the branch (the environment's own
  # deployment-branch rule keeps it to main).
  environments = { for p in ["infra", "api", "site"] : p => "${var.environment}-${p}" }
  subjects = merge(
    { for p, env in local.environments : p => "repo:${var.repository}:environment:${env}" },
    # GitHub gives no OIDC token to pull requests from forks.
    { plan = "repo:${var.repository}:pull_request" },
  )
  account = data.aws_caller_identity.current.account_id
  arn     = "arn:${data.aws_partition.current.partition}"
}

resource "aws_iam_openid_connect_provider" "github" {
  count          = var.create_provider ? 1 : 0
  url            = "https://${local.issuer}"
  client_id_list = ["sts.amazonaws.com"]
}

data "aws_iam_policy_document" "trust" {
  for_each = local.subjects

  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [local.provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.issuer}:aud"
      values   = ["sts.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.issuer}:sub"
      values   = [each.value]
    }
  }
}

# The most the roles of the function and of the aggregator can ever be given, whoever writes
# their policies: their own table and its stream, the aggregator's failure queue, their own logs.
# The infrastructure pipeline may change those roles only with this boundary on them.
data "aws_iam_policy_document" "function_boundary" {
  statement {
    sid       = "OwnTable"
    actions   = ["dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem", "dynamodb:Query"]
    resources = ["${local.arn}:dynamodb:*:${local.account}:table/${var.name}"]
  }
  statement {
    sid       = "OwnStream"
    actions   = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"]
    resources = ["${local.arn}:dynamodb:*:${local.account}:table/${var.name}/stream/*"]
  }
  statement {
    sid       = "OwnFailureQueue"
    actions   = ["sqs:SendMessage"]
    resources = ["${local.arn}:sqs:*:${local.account}:${var.name}-aggregator-failures"]
  }
  statement {
    sid     = "OwnLogs"
    actions = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = [
      "${local.arn}:logs:*:${local.account}:log-group:/aws/lambda/${var.name}:log-stream:*",
      "${local.arn}:logs:*:${local.account}:log-group:/aws/lambda/${var.name}-aggregator:log-stream:*",
    ]
  }
}

resource "aws_iam_policy" "function_boundary" {
  name        = "${var.name}-function-boundary"
  description = "Permissions boundary of the ${var.name} function's and aggregator's roles: their table, its stream, the failure queue and their logs, nothing more."
  policy      = data.aws_iam_policy_document.function_boundary.json
}

resource "aws_iam_role" "plan" {
  name                 = "${var.name}-plan-pipeline"
  description          = "Assumed by pull-request plans of ${var.repository} through GitHub OIDC: reads only."
  assume_role_policy   = data.aws_iam_policy_document.trust["plan"].json
  max_session_duration = 3600
}

resource "aws_iam_role_policy" "plan" {
  name   = "plan-infrastructure"
  role   = aws_iam_role.plan.id
  policy = data.aws_iam_policy_document.plan.json
}

resource "aws_iam_role" "pipeline" {
  for_each             = local.environments
  name                 = "${var.name}-${each.key}-pipeline"
  description          = "Assumed by the ${each.key} pipeline of ${var.repository} (GitHub environment ${each.value}) through GitHub OIDC."
  assume_role_policy   = data.aws_iam_policy_document.trust[each.key].json
  max_session_duration = 3600
}

resource "aws_iam_role_policy" "api" {
  name   = "deploy-api"
  role   = aws_iam_role.pipeline["api"].id
  policy = data.aws_iam_policy_document.api.json
}

resource "aws_iam_role_policy" "site" {
  name   = "deploy-site"
  role   = aws_iam_role.pipeline["site"].id
  policy = data.aws_iam_policy_document.site.json
}

resource "aws_iam_role_policy" "infra" {
  name   = "apply-infrastructure"
  role   = aws_iam_role.pipeline["infra"].id
  policy = data.aws_iam_policy_document.infra.json
}
