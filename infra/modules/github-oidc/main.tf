# GitHub Actions signs in with OIDC (no stored AWS keys). One role per pipeline, each trusted
# only for this repository's main branch or its deploy environment, each allowed only what
# its pipeline does; and a read-only role for `terraform plan` on pull requests. No wildcard
# actions.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  issuer       = "token.actions.githubusercontent.com"
  provider_arn = var.create_provider ? aws_iam_openid_connect_provider.github[0].arn : "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:oidc-provider/${local.issuer}"
  # The subjects GitHub puts in the token of a job on main, and of a job in the environment.
  subjects = [
    "repo:${var.repository}:ref:refs/heads/main",
    "repo:${var.repository}:environment:${var.environment}",
  ]
}

resource "aws_iam_openid_connect_provider" "github" {
  count          = var.create_provider ? 1 : 0
  url            = "https://${local.issuer}"
  client_id_list = ["sts.amazonaws.com"]
}

data "aws_iam_policy_document" "trust" {
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
      values   = local.subjects
    }
  }
}

# Pull requests get plans, never changes: this trust only reaches the read-only plan role.
# (GitHub gives no OIDC token to pull requests from forks.)
data "aws_iam_policy_document" "trust_pull_request" {
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
      values   = ["repo:${var.repository}:pull_request"]
    }
  }
}

resource "aws_iam_role" "plan" {
  name                 = "${var.name}-plan-pipeline"
  description          = "Assumed by pull-request plans of ${var.repository} through GitHub OIDC: reads only."
  assume_role_policy   = data.aws_iam_policy_document.trust_pull_request.json
  max_session_duration = 3600
}

resource "aws_iam_role_policy" "plan" {
  name   = "plan-infrastructure"
  role   = aws_iam_role.plan.id
  policy = data.aws_iam_policy_document.plan.json
}

resource "aws_iam_role" "pipeline" {
  for_each             = toset(["infra", "api", "site"])
  name                 = "${var.name}-${each.key}-pipeline"
  description          = "Assumed by the ${each.key} pipeline of ${var.repository} through GitHub OIDC."
  assume_role_policy   = data.aws_iam_policy_document.trust.json
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
